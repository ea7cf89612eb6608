"""Installs the streaming upload handler on the URLs that receive evidence and dossier
files, before anything (the CSRF check, django-ninja's parsing) reads the body."""

from __future__ import annotations

from django.conf import settings
from django.urls import Resolver404, resolve

from .storage import evidence_limit
from .upload import BlobUploadHandler

# view name → kind of limit
STREAMED_VIEWS = {
    "candidatures:evidence_deposit": "evidence",
    "api:candidature_evidence_deposit": "evidence",
    "candidatures:dossier_documents": "document",
    "candidatures:solicitation_answer": "document",
    "candidatures:thread_message": "document",
    "instruction:answer": "document",
    "college:reserve_correction": "document",
    "api:candidature_document_upload": "document",
    "api:conformity_validate": "conformity",
}


def _handler(request, kind: str) -> BlobUploadHandler:
    if kind == "evidence":
        limit = max(settings.EVIDENCE_MAX_VIDEO_BYTES, settings.EVIDENCE_MAX_FILE_BYTES)
        return BlobUploadHandler(request, limit=limit, limit_for=evidence_limit)
    if kind == "conformity":
        return BlobUploadHandler(request, limit=settings.CONFORMITY_MAX_BYTES)
    return BlobUploadHandler(request, limit=settings.EVIDENCE_MAX_FILE_BYTES)


class BlobUploadMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                kind = STREAMED_VIEWS.get(resolve(request.path_info).view_name)
            except Resolver404:
                kind = None
            if kind:
                request.upload_handlers = [_handler(request, kind)]
        return self.get_response(request)
