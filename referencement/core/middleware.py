from __future__ import annotations

import logging
import re
import uuid

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string

from .request_context import reset_request_id, set_request_id

logger = logging.getLogger(__name__)
_UNSAFE_REQUEST_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]")
CLIENT_REQUEST_ID_MAX_LENGTH = 64


def sanitise_client_request_id(value: str) -> str:
    """The client's X-Request-ID, kept for correlation only: safe characters, 64 at most."""
    return _UNSAFE_REQUEST_ID_CHARACTERS.sub("", value)[:CLIENT_REQUEST_ID_MAX_LENGTH]


class RequestIdMiddleware:
    """Gives every request an id generated here, echoed back; the client's (or proxy's)
    X-Request-ID is never trusted as ours, only kept apart, sanitised (issue 16 item 5)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        client_request_id = sanitise_client_request_id(request.headers.get("X-Request-ID", ""))
        request.request_id = request_id
        request.client_request_id = client_request_id
        token = set_request_id(request_id, client_request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached gives a clear 503 page, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.error("Base de données indisponible : %s", exception)
            html = render_to_string("503.html", request=None)
            return HttpResponse(html, status=503, headers={"Retry-After": "30"})
        return None


class NulCharacterMiddleware:
    """A NUL character in the query string is refused with 400 before any view runs:
    PostgreSQL cannot compare text containing it (it raised a 500 on every filter), and no
    legitimate parameter carries one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, value in _query_items(request)):
            message = "Paramètre invalide : la requête contient un caractère nul."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _query_items(request: HttpRequest):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value
