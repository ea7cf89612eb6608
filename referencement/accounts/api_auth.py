"""Authentication of the API: a personal token (`Authorization: Bearer ref_…`) or the
browser session of a person who passed the second factor (with its CSRF check). A token
answers reads (GET, HEAD) with the read scope, every other method with the deposit scope
(issue 16 item 4), on every route."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .actions import user_for_api_token
from .choices import TokenScope

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def scope_for(request: HttpRequest) -> str:
    return TokenScope.READ if request.method in READ_METHODS else TokenScope.DEPOSIT


class ApiTokenAuth(HttpBearer):
    openapi_description = "Jeton personnel créé dans « Mon compte › Jetons d'API »."

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_token(token, scope=scope_for(request))
        if user is None:
            return None
        request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is None or not user.is_verified():
            return None
        return user


api_auth = [ApiTokenAuth(), VerifiedSessionAuth()]
