"""The agency's instruction page of one candidature: verdicts, solicitations, completion."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required
from referencement.candidatures.models import Candidature
from referencement.evidence.models import EvidenceVersion

from .actions import ask_solicitation, close_exchanges, complete_instruction, give_verdict
from .context import instruction_context
from .forms import FieldTestForm, FieldTestResultsForm, SolicitationForm, VerdictForm


def _candidature(pk: int) -> Candidature:
    return get_object_or_404(Candidature.objects.select_related("dispositif", "editor"), pk=pk)


def _run(request: HttpRequest, pk: int, action: Callable[[], object], success: str) -> HttpResponse:
    try:
        action()
        messages.success(request, success)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruction:candidature", pk=pk)


@agency_staff_required
def candidature_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = _candidature(pk)
    context = instruction_context(candidature)
    context.update(
        # One form per row, with its own ids, so each label names its own field (RGAA 11.1).
        verdict_rows=[
            (row, VerdictForm(auto_id=f"id_v{row.version.pk}_%s") if row.version else None)
            for row in context["rows"]
        ],
        solicitation_form=SolicitationForm(),
        field_test_form=FieldTestForm(),
        results_form=FieldTestResultsForm(requirements=context["field_test_requirements"]),
        title=f"Instruction — {candidature}",
    )
    return render(request, "instruction/candidature.html", context)


@agency_staff_required
@require_POST
def verdict_view(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = get_object_or_404(EvidenceVersion, pk=version_pk, evidence__candidature_id=pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un avis.")
        return redirect("instruction:candidature", pk=pk)
    return _run(
        request,
        pk,
        lambda: give_verdict(version, actor=request.user, **form.cleaned_data),
        f"Avis enregistré sur {version}.",
    )


@agency_staff_required
@require_POST
def solicitation_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = SolicitationForm(request.POST)
    question = form.cleaned_data["question"] if form.is_valid() else ""
    return _run(
        request,
        pk,
        lambda: ask_solicitation(_candidature(pk), question, actor=request.user),
        "Demande de complément envoyée à l'éditeur.",
    )


@agency_staff_required
@require_POST
def complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(
        request,
        pk,
        lambda: complete_instruction(_candidature(pk), actor=request.user),
        "Instruction terminée : la convention est proposée à la signature de l'éditeur.",
    )


@agency_staff_required
@require_POST
def close_exchanges_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(
        request,
        pk,
        lambda: close_exchanges(_candidature(pk), actor=request.user),
        "Échanges clos : finalisez l'instruction.",
    )
