"""Opening the files of a candidature — evidence versions and dossier documents — for the
people who may read the dossier (candidatures.access.readable_candidature): download
(streamed, ranges), a preview page, the raw content shown inline by that page (images, PDF,
video only, in a CSP sandbox), and the entries of a zip archive. Every URL comes in two
families, `evidence_*` (pk, version_pk) and `document_*` (pk, document key)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin

from referencement.candidatures.access import readable_candidature
from referencement.candidatures.dossier_documents import dossier_file
from referencement.candidatures.models import Candidature
from referencement.candidatures.views.common import read_only_dossier_page
from referencement.conformity.safezip import SafeZipError
from referencement.files.storage import blob_store
from referencement.files.stored_file import StoredFile
from referencement.lib.sniffing import SNIFF_BYTES, sniff

from .files import evidence_file, record_read
from .models import EvidenceVersion
from .previews import archive_entry, preview_of
from .serving import INLINE_TYPES, SANDBOX_CSP, blob_response, can_show_inline

PREVIEWS_READING_THE_FILE = {"text", "xml", "cda", "archive"}


@dataclass(frozen=True)
class Route:
    """Which URL family serves a file: `evidence` or `document`, and its arguments."""

    family: str
    args: tuple

    def url(self, what: str, *extra) -> str:
        return reverse(f"evidence:{self.family}_{what}", args=[*self.args, *extra])


def _evidence(request: HttpRequest, pk: int, version_pk: int):
    candidature = readable_candidature(request.user, pk)
    return candidature, evidence_file(candidature, version_pk), Route("evidence", (pk, version_pk))


def _document(request: HttpRequest, pk: int, document: str):
    candidature = readable_candidature(request.user, pk)
    return candidature, dossier_file(candidature, document), Route("document", (pk, document))


def _is_first_read(request: HttpRequest) -> bool:
    """A read starts at byte 0; the further ranges of the same read are not audited again."""
    wanted = request.headers.get("Range", "").replace(" ", "")
    return not wanted.startswith("bytes=") or wanted.startswith("bytes=0-")


def _read(stored: StoredFile):
    def read(size: int) -> bytes:
        with blob_store().open(stored.blob.sha256) as handle:
            return handle.read(size)

    return read


def _download(request: HttpRequest, stored: StoredFile) -> HttpResponse:
    if _is_first_read(request):
        record_read(request.user, stored, how="téléchargement")
    return blob_response(request, stored.blob, stored.filename)


@xframe_options_sameorigin
def _content(request: HttpRequest, stored: StoredFile) -> HttpResponse:
    """The raw file for the preview page's <img>, <iframe> or <video>; types a browser
    could run (HTML, SVG, XML) are never served inline."""
    if not can_show_inline(stored.blob):
        raise Http404("Aperçu impossible pour ce type de fichier.")
    if _is_first_read(request):
        record_read(request.user, stored, how="aperçu")
    return blob_response(request, stored.blob, stored.filename, inline=True)


def _view(
    request: HttpRequest, candidature: Candidature, stored: StoredFile, route: Route
) -> HttpResponse:
    blob = stored.blob
    preview = preview_of(
        blob.content_type,
        blob.size,
        _read(stored),
        max_archive_bytes=settings.EVIDENCE_MAX_FILE_BYTES,
    )
    if preview.kind in PREVIEWS_READING_THE_FILE:
        record_read(request.user, stored, how="aperçu")
    version = stored.subject if isinstance(stored.subject, EvidenceVersion) else None
    return render(
        request,
        "evidence/file_view.html",
        {
            "title": f"{stored.label} — {candidature.solution_name}",
            "candidature": candidature,
            "stored": stored,
            "filename": stored.filename,
            "size": blob.size,
            "content_type": blob.content_type,
            "preview": preview,
            "version": version,
            "download_url": route.url("download"),
            "content_url": route.url("content"),
            "entries": [(entry, route.url("entry", entry.index)) for entry in preview.entries],
        },
    )


def _archive_entry(stored: StoredFile, index: int) -> tuple[str, bytes]:
    if stored.blob.content_type != "application/zip":
        raise Http404("Ce fichier n'est pas une archive.")
    try:
        found = archive_entry(_read(stored)(-1), index)
    except SafeZipError as refused:
        raise Http404(str(refused)) from refused
    if found is None:
        raise Http404("Entrée introuvable dans l'archive.")
    return found


def _entry(
    request: HttpRequest, candidature: Candidature, stored: StoredFile, route: Route, index: int
) -> HttpResponse:
    name, content = _archive_entry(stored, index)
    content_type = sniff(content[:SNIFF_BYTES])
    preview = preview_of(
        content_type,
        len(content),
        lambda size: content if size < 0 else content[:size],
        max_archive_bytes=0,
    )
    record_read(request.user, stored, how=f"aperçu de l'entrée {name}")
    return render(
        request,
        "evidence/file_view.html",
        {
            "title": f"{name} — {stored.label}",
            "candidature": candidature,
            "stored": stored,
            "filename": name,
            "size": len(content),
            "content_type": content_type,
            "preview": preview,
            "archive_url": route.url("view"),
            "download_url": route.url("entry_content", index),
            "content_url": route.url("entry_content", index),
        },
    )


@xframe_options_sameorigin
def _entry_content(request: HttpRequest, stored: StoredFile, index: int) -> HttpResponse:
    """An entry of an archive, small (the guarded reader bounds it): inline only when safe."""
    name, content = _archive_entry(stored, index)
    content_type = sniff(content[:SNIFF_BYTES])
    inline = content_type in INLINE_TYPES
    record_read(request.user, stored, how=f"lecture de l'entrée {name}")
    response = HttpResponse(content, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        not inline, name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@read_only_dossier_page
def evidence_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    _, stored, _ = _evidence(request, pk, version_pk)
    return _download(request, stored)


@login_required
@read_only_dossier_page
def evidence_view(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    return _view(request, *_evidence(request, pk, version_pk))


@login_required
@read_only_dossier_page
def evidence_content(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    _, stored, _ = _evidence(request, pk, version_pk)
    return _content(request, stored)


@login_required
@read_only_dossier_page
def evidence_entry(request: HttpRequest, pk: int, version_pk: int, index: int) -> HttpResponse:
    return _entry(request, *_evidence(request, pk, version_pk), index)


@login_required
@read_only_dossier_page
def evidence_entry_content(
    request: HttpRequest, pk: int, version_pk: int, index: int
) -> HttpResponse:
    _, stored, _ = _evidence(request, pk, version_pk)
    return _entry_content(request, stored, index)


@login_required
@read_only_dossier_page
def document_download(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    _, stored, _ = _document(request, pk, document)
    return _download(request, stored)


@login_required
@read_only_dossier_page
def document_view(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    return _view(request, *_document(request, pk, document))


@login_required
@read_only_dossier_page
def document_content(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    _, stored, _ = _document(request, pk, document)
    return _content(request, stored)


@login_required
@read_only_dossier_page
def document_entry(request: HttpRequest, pk: int, document: str, index: int) -> HttpResponse:
    return _entry(request, *_document(request, pk, document), index)


@login_required
@read_only_dossier_page
def document_entry_content(
    request: HttpRequest, pk: int, document: str, index: int
) -> HttpResponse:
    _, stored, _ = _document(request, pk, document)
    return _entry_content(request, stored, index)
