"""The tus 1.0.0 resumable upload protocol, server side: core protocol (HEAD offset, PATCH
append), creation and termination extensions (https://tus.io/protocols/resumable-upload).

No maintained Django server library exists (django-tus' last release dates from 2020), so
this module implements the core strictly per the specification. Who may upload is checked
on every request before any byte is read: a signed-in member of the candidature's editor,
while deposits are open, on their own upload. The browser client is tus-js-client
(static/evidence/vendor/). A complete upload becomes a deposit through the ordinary deposit
form, which names it (`televersement`)."""

from __future__ import annotations

import base64
import binascii
import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from referencement.candidatures.access import is_own_editor, visible_candidature
from referencement.lib.blobstore import TooLarge

from .resumable import Busy, OffsetMismatch, ResumableUpload, max_size, too_large_message
from .rules import deposit_refusal

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"


def _response(status: int, headers: dict[str, str] | None = None, detail: str = "") -> HttpResponse:
    response = (
        JsonResponse({"detail": detail}, status=status) if detail else HttpResponse(status=status)
    )
    response["Tus-Resumable"] = TUS_VERSION
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _header_int(request: HttpRequest, name: str) -> int | None:
    value = request.headers.get(name, "")
    return int(value) if value.isdigit() else None


def parse_metadata(header: str) -> dict[str, str] | None:
    """Upload-Metadata: comma-separated `key base64value` pairs (value optional)."""
    metadata = {}
    for pair in filter(None, (part.strip() for part in header.split(","))):
        key, _, value = pair.partition(" ")
        try:
            metadata[key] = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    return metadata


@method_decorator(never_cache, name="dispatch")
class TusView(View):
    http_method_names = ["options", "post", "head", "patch", "delete"]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Who asks comes first: another editor learns nothing, not even the protocol's 412.
        if not request.user.is_authenticated:
            return _response(403, detail="Connectez-vous pour déposer une preuve.")
        self.candidature = visible_candidature(request.user, kwargs["pk"])
        if not is_own_editor(request.user, self.candidature):
            return _response(403, detail="Seul l'éditeur candidat dépose des preuves.")
        if request.method != "OPTIONS" and request.headers.get("Tus-Resumable") != TUS_VERSION:
            return _response(412, {"Tus-Version": TUS_VERSION})
        return super().dispatch(request, *args, **kwargs)

    def options(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return _response(
            204,
            {
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": EXTENSIONS,
                "Tus-Max-Size": str(max_size()),
            },
        )


class UploadCreation(TusView):
    """POST: creation extension."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        refusal = deposit_refusal(self.candidature)
        if refusal:
            return _response(409, detail=refusal)
        length = _header_int(request, "Upload-Length")
        metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
        if length is None or metadata is None:
            return _response(400, detail="En-têtes Upload-Length ou Upload-Metadata invalides.")
        filename = metadata.get("filename", "").strip() or "fichier"
        if length > max_size():
            return _response(413, detail=too_large_message(filename, max_size()))
        upload = ResumableUpload.create(
            candidature_id=self.candidature.pk,
            user_id=request.user.pk,
            length=length,
            filename=filename,
        )
        location = reverse("evidence:evidence_upload", args=(pk, upload.id))
        return _response(201, {"Location": request.build_absolute_uri(location)})


class UploadResource(TusView):
    """HEAD (offset), PATCH (append), DELETE (termination extension) on one upload."""

    def _own_upload(self, upload_id: uuid.UUID) -> ResumableUpload | None:
        upload = ResumableUpload.find(upload_id)
        if (
            upload is None
            or upload.user_id != self.request.user.pk
            or upload.candidature_id != self.candidature.pk
        ):
            return None
        return upload

    def head(self, request: HttpRequest, pk: int, upload_id: uuid.UUID) -> HttpResponse:
        upload = self._own_upload(upload_id)
        if upload is None:
            return _response(404)
        return _response(
            200, {"Upload-Offset": str(upload.offset), "Upload-Length": str(upload.length)}
        )

    def patch(self, request: HttpRequest, pk: int, upload_id: uuid.UUID) -> HttpResponse:
        if request.content_type != OFFSET_CONTENT_TYPE:
            return _response(415)
        offset = _header_int(request, "Upload-Offset")
        if offset is None:
            return _response(400, detail="En-tête Upload-Offset invalide.")
        upload = self._own_upload(upload_id)
        if upload is None:
            return _response(404)
        refusal = deposit_refusal(self.candidature)
        if refusal:
            return _response(409, detail=refusal)
        try:
            new_offset = upload.append(request, offset, _header_int(request, "Content-Length"))
        except OffsetMismatch:
            return _response(409, {"Upload-Offset": str(upload.offset)})
        except Busy:
            return _response(423, detail="Un envoi de ce fichier est déjà en cours.")
        except TooLarge as too_large:
            return _response(413, detail=too_large_message(upload.filename, too_large.limit))
        return _response(204, {"Upload-Offset": str(new_offset)})

    def delete(self, request: HttpRequest, pk: int, upload_id: uuid.UUID) -> HttpResponse:
        upload = self._own_upload(upload_id)
        if upload is None:
            return _response(404)
        upload.terminate()
        return _response(204)
