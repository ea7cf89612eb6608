"""Field test sessions (000 §3.3, 004 §4.4): scheduling and outcome per requirement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required
from referencement.candidatures.models import Candidature

from .actions import record_field_test_results, schedule_field_test
from .forms import FieldTestForm, FieldTestResultsForm
from .models import FieldTestSession
from .queries import field_test_requirements


@agency_staff_required
@require_POST
def schedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = get_object_or_404(Candidature, pk=pk)
    form = FieldTestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez la date et le lieu de la session.")
        return redirect("instruction:candidature", pk=pk)
    try:
        schedule_field_test(candidature, actor=request.user, **form.cleaned_data)
        messages.success(request, "Session de tests planifiée.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruction:candidature", pk=pk)


@agency_staff_required
@require_POST
def results_view(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_object_or_404(FieldTestSession, pk=session_pk, candidature_id=pk)
    form = FieldTestResultsForm(
        request.POST, requirements=field_test_requirements(session.candidature)
    )
    try:
        if not form.is_valid():
            raise ValidationError("Formulaire incomplet.")
        record_field_test_results(session, form.results(), actor=request.user)
        messages.success(request, "Résultats de la session enregistrés.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruction:candidature", pk=pk)
