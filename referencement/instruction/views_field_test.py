"""Field test sessions (000 §3.3, 004 §4.4): the editor proposes the date, the agency
confirms it or asks for another, then records the outcome per flagged requirement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required, editor_required
from referencement.candidatures.access import readable_candidature

from .field_test_actions import (
    ask_another_field_test_date,
    confirm_field_test,
    propose_field_test,
    record_field_test_results,
)
from .forms import FieldTestDeclineForm, FieldTestProposalForm, FieldTestResultsForm
from .models import FieldTestSession
from .queries import field_test_requirements
from .views_editor import own_candidature


def _agency_session(request: HttpRequest, pk: int, session_pk: int) -> FieldTestSession:
    candidature = readable_candidature(request.user, pk)
    return get_object_or_404(FieldTestSession, pk=session_pk, candidature=candidature)


@editor_required
@require_POST
def propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidature = own_candidature(request, pk)
    form = FieldTestProposalForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Indiquez la date et le lieu de la session.")
        propose_field_test(candidature, actor=request.user, **form.cleaned_data)
        messages.success(request, "Date proposée : l'agence va la confirmer.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruction:editor_candidature", pk=pk)


@agency_staff_required
@require_POST
def confirm_view(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = _agency_session(request, pk, session_pk)
    try:
        confirm_field_test(session, actor=request.user)
        messages.success(request, "Date de la session de tests confirmée.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruction:candidature", pk=pk)


@agency_staff_required
@require_POST
def decline_view(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = _agency_session(request, pk, session_pk)
    form = FieldTestDeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Indiquez à l'éditeur pourquoi une autre date est demandée.")
        ask_another_field_test_date(session, form.cleaned_data["reason"], actor=request.user)
        messages.success(request, "Autre date demandée à l'éditeur.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("instruction:candidature", pk=pk)


@agency_staff_required
@require_POST
def results_view(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = _agency_session(request, pk, session_pk)
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
