"""The evidence page of a candidature: expected items per chapter with their versions and
conformity reports, deposits, chapter and dossier submission, equivalence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from referencement.candidatures.access import is_own_editor, visible_candidature
from referencement.candidatures.views.common import perform

from . import actions
from .expected import chapter_progress, expected_items, out_of_scope_evidence
from .forms import DepositForm, EquivalenceForm
from .upload import upload_errors


@login_required
def evidence_page(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    items = expected_items(candidature)
    return render(
        request,
        "evidence/page.html",
        {
            "title": f"Preuves — {candidature.solution_name}",
            "candidature": candidature,
            "progress": chapter_progress(candidature, items),
            "out_of_scope": out_of_scope_evidence(candidature, items),
            "is_owner": is_own_editor(request.user, candidature),
            "deposit_form": DepositForm(items=items),
            "equivalence_form": EquivalenceForm(items=items)
            if candidature.dispositif.evidence_equivalence
            else None,
            "chapter_queue": candidature.dispositif.queue_basis == "chapter",
        },
    )


@login_required
@require_POST
def evidence_deposit(request: HttpRequest, pk: int) -> HttpResponse:
    """Files stream into the blob store (evidence.middleware installs the handler)."""
    candidature = visible_candidature(request.user, pk)
    for message in upload_errors(request).values():
        messages.error(request, message)
    form = DepositForm(request.POST, request.FILES, items=expected_items(candidature))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        perform(
            request,
            lambda: actions.deposit(
                candidature,
                form.cleaned_data["item"],
                actor=request.user,
                pending=upload.pending if upload else None,
                filename=upload.name if upload else "",
                text=form.cleaned_data["text"],
            ),
            f"Preuve {form.cleaned_data['item']} déposée.",
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("candidatures:evidence", pk)


@login_required
@require_POST
def chapter_submit(request: HttpRequest, pk: int, chapter: str) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    perform(
        request,
        lambda: actions.submit_chapter(candidature, chapter, actor=request.user),
        "Le chapitre est soumis : sa date de réception est enregistrée.",
    )
    return redirect("candidatures:evidence", pk)


@login_required
@require_POST
def evidence_submit(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    perform(
        request,
        lambda: actions.submit_evidence_dossier(candidature, actor=request.user),
        "Le dossier complet de preuves est soumis à l'agence.",
    )
    return redirect("candidatures:evidence", pk)


@login_required
@require_POST
def evidence_equivalence(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    perform(
        request,
        lambda: actions.declare_equivalence(
            candidature, request.POST.get("item", ""), actor=request.user
        ),
        "La preuve est marquée « équivalence ».",
    )
    return redirect("candidatures:evidence", pk)


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
    return redirect("candidatures:evidence", pk)
