"""The candidature page: phase, next deadline, progress per chapter, what is missing,
solicitations with their answer form, and the agency's decision on the admin dossier."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.core.page_panels import page_panels
from referencement.files.upload import upload_errors

from .. import actions, rules
from ..access import is_own_editor, visible_candidature
from ..choices import CandidatureStatus as S
from ..deadlines import next_deadline
from ..dossier_elements import honour_attestation_cases
from ..forms import AnswerForm
from ..journey import remarks
from .common import perform


@login_required
def candidature_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    editable = rules.dossier_editable(candidature)
    return render(
        request,
        "candidatures/detail.html",
        {
            "title": candidature.solution_name,
            "candidature": candidature,
            "deadline": next_deadline(candidature),
            "buttons": page_panels("candidatures.detail.buttons", request, candidature),
            "sections": page_panels("candidatures.detail.sections", request, candidature),
            "problems": rules.dossier_problems(candidature) if editable else {},
            "attestation_cases": honour_attestation_cases(candidature),
            "editable": editable,
            "is_owner": is_own_editor(request.user, candidature),
            "withdrawable": rules.withdrawal_offered(candidature),
            "remarks": remarks(candidature),
            "awaiting_review": candidature.status == S.ADMIN_SUBMITTED
            and request.user.is_agency_staff,
            "sanctions": rules.sanctions_offered(candidature.status)
            if request.user.is_agency_admin
            else [],
        },
    )


@login_required
@require_POST
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    perform(
        request,
        lambda: actions.submit_dossier(candidature, actor=request.user),
        "Le dossier administratif est soumis à l'agence.",
    )
    return redirect("candidatures:detail", pk)


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = visible_candidature(request.user, pk)
    if request.method == "POST":
        perform(
            request,
            lambda: actions.withdraw(candidature, actor=request.user),
            "La candidature est retirée.",
        )
        return redirect("candidatures:detail", pk)
    return render(
        request,
        "accounts/confirm.html",
        {
            "title": "Retirer la candidature",
            "question": rules.withdrawal_consequence(candidature),
            "submit": "Retirer la candidature",
            "danger": True,
            "cancel_url": reverse("candidatures:detail", args=[pk]),
        },
    )


@login_required
@require_POST
def solicitation_answer(request: HttpRequest, pk: int, solicitation_pk: int) -> HttpResponse:
    """Admin-phase answer, with files streamed into the blob store (evidence.middleware)."""
    candidature = visible_candidature(request.user, pk)
    solicitation = get_object_or_404(candidature.solicitations, pk=solicitation_pk)
    form = AnswerForm(request.POST, request.FILES)  # parses the body: refusals are known after
    for message in upload_errors(request).values():
        messages.error(request, message)
    if form.is_valid() and not upload_errors(request):
        perform(
            request,
            lambda: actions.answer_solicitation(
                solicitation,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                uploads=[(f.pending, f.name) for f in form.cleaned_data["files"]],
            ),
            "Votre réponse est envoyée à l'agence.",
        )
    elif not upload_errors(request):
        messages.error(request, "La réponse est vide.")
    return redirect(reverse("candidatures:thread", args=[pk]) + f"#demande-{solicitation.pk}")
