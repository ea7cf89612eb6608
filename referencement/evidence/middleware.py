"""Request bodies (issue 16 item 2): every URL but the upload URLs accepts a small body only;
on an upload URL the sender is identified and authorised from the headers, and their quota
of bytes in flight reserved, before anything (the CSRF check, django-ninja's parsing, the
tus view) reads the body; then the streaming upload handler receives the files."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

from referencement.files.upload import BlobUploadHandler

from .quota import QuotaExceeded, reservation, reserve
from .upload_gate import (
    EVIDENCE,
    UploadKind,
    body_length,
    body_limit,
    oversized_response,
    refusal_response,
    upload_refusal,
    upload_target,
)
from .upload_limits import evidence_limit

# Set by the embedded server (core/embedded_server.py) when it asks, before receiving a body,
# whether the request may send it: no view runs, the answer is 204 (the bytes are reserved,
# the reservation's id left in RESERVATION_KEY for the server to release once the request
# is over) or the refusal. The request that follows with the body carries RESERVED_KEY.
PREFLIGHT_KEY = "referencement.upload_preflight"
RESERVATION_KEY = "referencement.upload_reservation"
RESERVED_KEY = "referencement.upload_reserved"


class BodyLimitMiddleware:
    """Refuses with 413, before any other middleware, a body longer than its URL accepts.
    A body without Content-Length is never read by Django (its length counts as zero)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        length = body_length(request)
        if length > settings.REQUEST_BODY_MAX_BYTES:
            limit = body_limit(request.path_info)
            if length > limit:
                return oversized_response(request, limit)
        return self.get_response(request)


def _handler(request, kind: UploadKind) -> BlobUploadHandler:
    limit_for = evidence_limit if kind is EVIDENCE else None
    return BlobUploadHandler(request, limit=kind.largest_file(), limit_for=limit_for)


class UploadGateMiddleware:
    """After the session and the second factor are known, before the view."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        target = upload_target(request.path_info) if request.method in {"POST", "PATCH"} else None
        if target is None:
            return self.get_response(request)
        kind, kwargs = target
        refusal = upload_refusal(request, kind, kwargs)
        if refusal is not None:
            return refusal
        try:
            if request.META.get(PREFLIGHT_KEY):
                request.META[RESERVATION_KEY] = reserve(request.upload_sender, body_length(request))
                return HttpResponse(status=204)
            if request.META.get(RESERVED_KEY):
                return self._receive(request, kind)
            with reservation(request.upload_sender, body_length(request)):
                return self._receive(request, kind)
        except QuotaExceeded as exceeded:
            return refusal_response(request, 429, exceeded.message)

    def _receive(self, request, kind: UploadKind):
        if not (kind.streamed and request.content_type == "multipart/form-data"):
            return self.get_response(request)
        handler = _handler(request, kind)
        request.upload_handlers = [handler]
        try:
            return self.get_response(request)
        finally:
            handler.drop_unfinished()
