"""Issue 16 item 2: no upload byte before identity. The URLs that receive files, the size of
body each accepts (every other URL accepts a small body only), and the check of who sends a
body there — the account from the session or the API token, its right on the target
candidature, its quota of bytes in flight — made from the request's headers alone, before
anything reads the body. The embedded server (served.py) asks the same question before it
receives the body (core/embedded_server.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, ResolverMatch, resolve

from referencement.accounts.actions import user_for_api_token
from referencement.accounts.api_auth import scope_for
from referencement.accounts.representative_actions import MAX_DOCUMENT_BYTES
from referencement.candidatures.access import is_own_editor, visible_candidature

from .resumable import max_size

# A multipart body carries its form fields and boundaries besides the file.
MULTIPART_MARGIN = 1024 * 1024


@dataclass(frozen=True)
class UploadKind:
    largest_file: Callable[[], int]
    streamed: bool = False  # files go straight to the blob store (upload.py)
    on_candidature: bool = True  # the URL's `pk` or `candidature_id` names a candidature
    editor_only: bool = False  # only a member of the candidate editor sends files there


def _setting(name: str) -> Callable[[], int]:
    return lambda: getattr(settings, name)


EVIDENCE = UploadKind(max_size, streamed=True, editor_only=True)
DOCUMENT = UploadKind(_setting("EVIDENCE_MAX_FILE_BYTES"), streamed=True)
CONFORMITY = UploadKind(_setting("CONFORMITY_MAX_BYTES"), streamed=True, on_candidature=False)
RESUMABLE = UploadKind(max_size, editor_only=True)
SPREADSHEET = UploadKind(_setting("EVIDENCE_MAX_FILE_BYTES"), on_candidature=False)
REPRESENTATIVE_PROOF = UploadKind(lambda: MAX_DOCUMENT_BYTES, on_candidature=False)

# view name → kind of upload
UPLOAD_VIEWS = {
    "evidence:evidence_deposit": EVIDENCE,
    "api:candidature_evidence_deposit": EVIDENCE,
    "evidence:evidence_upload": RESUMABLE,
    "candidatures:dossier_documents": DOCUMENT,
    "candidatures:solicitation_answer": DOCUMENT,
    "candidatures:thread_message": DOCUMENT,
    "instruction:answer": DOCUMENT,
    "college:reserve_correction": DOCUMENT,
    "api:candidature_document_upload": DOCUMENT,
    "api:conformity_validate": CONFORMITY,
    "catalog:rem_upload": SPREADSHEET,
    "accounts:representative_request": REPRESENTATIVE_PROOF,
}
CANDIDATURE_KWARGS = ("pk", "candidature_id")


def _match(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None


def upload_target(path: str) -> tuple[UploadKind, dict] | None:
    """The kind of upload `path` receives and its URL arguments; None for other URLs."""
    match = _match(path)
    kind = UPLOAD_VIEWS.get(match.view_name) if match else None
    return (kind, match.kwargs) if kind else None


def body_limit(path: str) -> int:
    """The largest request body `path` accepts: an upload URL its file limit (and the
    multipart margin), every other URL REQUEST_BODY_MAX_BYTES."""
    target = upload_target(path)
    if target is None:
        return settings.REQUEST_BODY_MAX_BYTES
    return target[0].largest_file() + MULTIPART_MARGIN


def body_length(request: HttpRequest) -> int:
    value = request.META.get("CONTENT_LENGTH") or ""
    return int(value) if value.isdigit() else 0


def _is_programmatic(request: HttpRequest) -> bool:
    """The API and the tus client answer in JSON; the rest is a browser page."""
    return request.path.startswith("/api/") or bool(request.headers.get("Tus-Resumable"))


def refusal_response(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if _is_programmatic(request):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def oversized_message(limit: int) -> str:
    mega = max(1, limit // (1024 * 1024))
    return f"Requête trop volumineuse : cette adresse accepte au plus {mega} Mo."


def oversized_response(request: HttpRequest, limit: int) -> HttpResponse:
    return refusal_response(request, 413, oversized_message(limit))


def _sender(request: HttpRequest):
    """The account sending the body: an API token with the deposit scope (from the
    Authorization header) or a session past the second factor; None when neither."""
    authorization = request.headers.get("Authorization", "")
    scheme, _, clear = authorization.partition(" ")
    if scheme.lower() == "bearer" and clear:
        return user_for_api_token(clear.strip(), scope=scope_for(request))
    user = request.user
    if user.is_authenticated and user.is_verified():
        return user
    return None


def upload_refusal(request: HttpRequest, kind: UploadKind, kwargs: dict) -> HttpResponse | None:
    """Who sends this body, and may they send it to this candidature? A refusal response,
    or None; the sender is kept as `request.upload_sender`. Reads headers, never the body."""
    try:
        user = _sender(request)
    except PermissionDenied as refused:
        return refusal_response(request, 403, str(refused))
    if user is None:
        if not _is_programmatic(request):
            return redirect_to_login(request.get_full_path())  # as every page does
        return refusal_response(
            request, 401, "Authentification requise avant tout envoi de fichier."
        )
    request.upload_sender = user
    candidature_id = next((kwargs[k] for k in CANDIDATURE_KWARGS if k in kwargs), None)
    if kind.on_candidature and candidature_id is not None:
        try:
            candidature = visible_candidature(user, candidature_id)
        except Http404:
            return refusal_response(request, 404, "Candidature introuvable.")
        if kind.editor_only and not is_own_editor(user, candidature):
            return refusal_response(
                request, 403, "Seul l'éditeur candidat dépose des fichiers dans ce dossier."
            )
    return None
