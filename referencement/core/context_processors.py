from __future__ import annotations

from django.http import HttpRequest

import referencement

from .navigation import navigation_for

PLATFORM_NAME = "Référencement Ségur"


def platform(request: HttpRequest) -> dict:
    return {
        "PLATFORM_NAME": PLATFORM_NAME,
        "PLATFORM_VERSION": referencement.__version__,
        "NAVIGATION": navigation_for(request),
    }
