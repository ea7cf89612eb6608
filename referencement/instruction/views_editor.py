"""The editor's view of the instruction of their candidature: verdicts and comments,
solicitations and the answer form (404 for another editor's candidature)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import editor_required
from referencement.candidatures.choices import SolicitationPhase
from referencement.candidatures.forms import AnswerForm
from referencement.candidatures.models import Candidature, Solicitation
from referencement.files.upload import upload_errors

from .actions import answer_solicitation
from .context import instruction_context
from .field_test_queries import proposal_invitation, reopened_by_agency
from .field_test_rules import may_propose
from .forms import FieldTestProposalForm
from .queries import evidence_rows


def own_candidature(request: HttpRequest, pk: int) -> Candidature:
    return get_object_or_404(
        Candidature.objects.select_related("dispositif", "editor"),
        pk=pk,
        editor_id=request.user.editor_id,
    )


@editor_required
def editor_candidature_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = own_candidature(request, pk)
    context = instruction_context(candidature)
    context["rows"] = evidence_rows(candidature)
    deadline = context["field_test_deadline"]
    if may_propose(
        candidature.status,
        deadline,
        context["field_test_pending"],
        reopened_by_agency(candidature, deadline),
    ):
        context["field_test_proposal_form"] = FieldTestProposalForm()
        context["field_test_invitation"] = proposal_invitation(
            candidature, context["record"].started_at
        )
    context.update(title=f"Instruction — {candidature}")
    return render(request, "instruction/editor_candidature.html", context)


@editor_required
@require_POST
def answer_view(request: HttpRequest, pk: int, solicitation_pk: int) -> HttpResponse:
    candidature = own_candidature(request, pk)
    solicitation = get_object_or_404(
        Solicitation,
        pk=solicitation_pk,
        candidature=candidature,
        phase=SolicitationPhase.INSTRUCTION,
    )
    form = AnswerForm(request.POST, request.FILES)  # parses the body: refusals are known after
    try:
        refused = list(upload_errors(request).values())
        if refused:
            raise ValidationError(refused)
        if not form.is_valid():
            raise ValidationError("La réponse ne peut pas être vide.")
        answer_solicitation(
            solicitation,
            form.cleaned_data["answer"],
            actor=request.user,
            uploads=[(f.pending, f.name) for f in form.cleaned_data["files"]],
        )
        messages.success(request, "Réponse envoyée à l'agence.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("candidatures:thread", args=[pk]) + f"#demande-{solicitation.pk}")
