from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

import referencement

from .navigation import navigation_for

PLATFORM_NAME = "Référencement Ségur"
# RGAA 12.7: links to skip to the content, the menu and the footer, first in tab order.
SKIPLINKS = [
    {"link": "#content", "label": "Contenu"},
    {"link": "#menu-principal", "label": "Menu"},
    {"link": "#footer", "label": "Pied de page"},
]


def platform(request: HttpRequest) -> dict:
    return {
        "PLATFORM_NAME": PLATFORM_NAME,
        "AGENCY_NAME": settings.AGENCY_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "PLATFORM_VERSION": referencement.__version__,
        "NAVIGATION": navigation_for(request),
        "skiplinks": SKIPLINKS,
    }
