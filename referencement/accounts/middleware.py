from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .actions import record_logout

LAST_SEEN_KEY = "last_seen"


class SecondFactorRequiredMiddleware:
    """Every account is non-public, so an authenticated session must have passed the second
    factor; and a session idle longer than the limit ends (001 §3.2.7 SC.SSI/IE.39)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_INACTIVITY_SECONDS:
                record_logout(user, reason="inactivity")
                logout(request)
                messages.info(
                    request,
                    f"Votre session a été fermée après {settings.SESSION_INACTIVITY_SECONDS // 60} minutes "
                    "d'inactivité. Reconnectez-vous.",
                )
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            if not user.is_verified():
                logout(request)
                return redirect(settings.LOGIN_URL_PATH)
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
