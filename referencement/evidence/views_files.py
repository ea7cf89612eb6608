"""Downloading the files of a candidature: evidence versions and dossier documents, for the
people who may read the dossier (candidatures.access.readable_candidature), streamed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from referencement.candidatures.access import readable_candidature

from .files import StoredFile, dossier_file, evidence_file, record_read
from .serving import blob_response


def _is_first_read(request: HttpRequest) -> bool:
    """A read starts at byte 0; the further ranges of the same read are not audited again."""
    wanted = request.headers.get("Range", "").replace(" ", "")
    return not wanted.startswith("bytes=") or wanted.startswith("bytes=0-")


def _download(request: HttpRequest, stored: StoredFile) -> HttpResponse:
    if _is_first_read(request):
        record_read(request.user, stored, how="téléchargement")
    return blob_response(request, stored.blob, stored.filename)


@login_required
@require_safe
def evidence_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    candidature = readable_candidature(request.user, pk)
    return _download(request, evidence_file(candidature, version_pk))


@login_required
@require_safe
def document_download(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    candidature = readable_candidature(request.user, pk)
    return _download(request, dossier_file(candidature, document))
