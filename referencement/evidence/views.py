"""The evidence page of a candidature: a grid by chapter of the expected items, each with its
versions, conformity reports and own deposit form; chapter and dossier submission,
equivalence."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.candidatures.access import is_own_editor, visible_candidature
from referencement.candidatures.models import Candidature
from referencement.candidatures.views.common import perform
from referencement.catalog.choices import QueueBasis
from referencement.files.upload import upload_errors
from referencement.lib.blobstore import TooLarge

from . import actions
from .expected import catalogue_items, chapter_progress, expected_items, out_of_scope_evidence
from .forms import DepositForm
from .grid import build_grid, item_location
from .resumable import ResumableUpload, too_large_message
from .rules import deposit_refusal


def _row_context(request: HttpRequest, candidature: Candidature) -> dict:
    return {
        "candidature": candidature,
        "is_owner": is_own_editor(request.user, candidature),
        "resumable_from": settings.EVIDENCE_RESUMABLE_FROM_BYTES,
        "resumable_chunk": settings.EVIDENCE_RESUMABLE_CHUNK_BYTES,
        "deposit_refusal": deposit_refusal(candidature),
        "chapter_queue": candidature.dispositif.queue_basis == QueueBasis.CHAPTER,
    }


@login_required
def evidence_page(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    items = expected_items(candidature)
    chapters = chapter_progress(candidature, items)
    return render(
        request,
        "evidence/page.html",
        {
            **_row_context(request, candidature),
            "title": f"Preuves — {candidature.solution_name}",
            "grid": build_grid(chapters, request.GET),
            "out_of_scope": out_of_scope_evidence(candidature, items),
        },
    )


def _resumable_file(request: HttpRequest, candidature: Candidature, upload_id):
    """The PendingBlob of a complete resumable upload of this user, or None (message set)."""
    upload = ResumableUpload.find(upload_id)
    if (
        upload is None
        or upload.user_id != request.user.pk
        or upload.candidature_id != candidature.pk
        or not upload.complete
    ):
        messages.error(request, "Le fichier envoyé est introuvable ou incomplet : renvoyez-le.")
        return None, ""
    try:
        return upload.pending(), upload.filename
    except TooLarge as too_large:
        messages.error(request, too_large_message(upload.filename, too_large.limit))
        return None, ""


def _deposit(request: HttpRequest, candidature: Candidature) -> str:
    """Run the deposit the form describes; return the item's code."""
    for message in upload_errors(request).values():
        messages.error(request, message)
    form = DepositForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Le formulaire de dépôt est invalide : rechargez la page.")
        return request.POST.get("item", "")
    code = form.cleaned_data["item"]
    upload = form.cleaned_data["file"]
    pending, filename = (upload.pending, upload.name) if upload else (None, "")
    if form.cleaned_data["televersement"] and not upload:
        pending, filename = _resumable_file(
            request, candidature, form.cleaned_data["televersement"]
        )
        if pending is None:
            return code
    try:
        perform(
            request,
            lambda: actions.deposit(
                candidature,
                code,
                actor=request.user,
                pending=pending,
                filename=filename,
                text=form.cleaned_data["text"],
            ),
            f"Preuve {code} déposée.",
        )
    finally:
        if pending is not None:
            pending.discard()
    return code


def _back_to_row(request: HttpRequest, candidature: Candidature, code: str) -> HttpResponse:
    """htmx: the row's partial, with the outcome in it; otherwise the row's page, anchored."""
    if request.htmx:
        chapters = chapter_progress(candidature)
        chapter = next((c for c in chapters for i in c.items if i.code == code), None)
        if chapter is not None:
            # The grid as the page shows it (its filter), for the refreshed counts.
            params = QueryDict(urlsplit(request.htmx.current_url or "").query, mutable=True)
            params["chapitre"] = chapter.slug
            context = {
                **_row_context(request, candidature),
                "item": next(i for i in chapter.items if i.code == code),
                "grid": build_grid(chapters, params),
                "feedback": True,
            }
            return render(request, "evidence/_partials/row_response.html", context)
    else:
        # Where the row sits follows the catalogue's order alone: the dossier's evidence
        # is not read for a redirect.
        chapters = chapter_progress(candidature, catalogue_items(candidature))
    location = item_location(chapters, code)
    return redirect(reverse("evidence:evidence", args=(candidature.pk,)) + location)


@login_required
@require_POST
def evidence_deposit(request: HttpRequest, pk: int) -> HttpResponse:
    """Files stream into the blob store (evidence.middleware installs the handler); large
    ones arrive first through the resumable endpoint and are named here."""
    candidature = visible_candidature(request.user, pk)
    code = _deposit(request, candidature)
    return _back_to_row(request, candidature, code)


@login_required
@require_POST
def chapter_submit(request: HttpRequest, pk: int, chapter: str) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    perform(
        request,
        lambda: actions.submit_chapter(candidature, chapter, actor=request.user),
        "Le chapitre est soumis : sa date de réception est enregistrée.",
    )
    query = urlencode({"chapitre": chapter})
    return redirect(reverse("evidence:evidence", args=(pk,)) + f"?{query}")


@login_required
@require_POST
def evidence_submit(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    perform(
        request,
        lambda: actions.submit_evidence_dossier(candidature, actor=request.user),
        "Le dossier complet de preuves est soumis à l'agence.",
    )
    return redirect("evidence:evidence", pk)


@login_required
@require_POST
def evidence_equivalence(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    code = request.POST.get("item", "")
    perform(
        request,
        lambda: actions.declare_equivalence(candidature, code, actor=request.user),
        f"La preuve {code} est marquée « équivalence ».",
    )
    return _back_to_row(request, candidature, code)


@login_required
@require_POST
def evidence_demand(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    evidence = get_object_or_404(candidature.evidence, pk=evidence_pk)
    perform(
        request,
        lambda: actions.demand_evidence(evidence, actor=request.user),
        "La preuve est exigée malgré l'équivalence.",
    )
    return _back_to_row(request, candidature, evidence.code)
