"""Four eyes at the collège (issue 16 item 7): attendance, the second signature of a
decision or of a lifting of reserves, and each member's declaration of interests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required
from referencement.accounts.interests import latest_declaration
from referencement.catalog.calendar import now
from referencement.core.confirm import confirmation, confirmed

from .actions import (
    confirm_decision,
    confirm_reserves_lift,
    declare_interests,
    lift_reserves,
    record_attendance,
    withdraw_decision,
)
from .forms import InterestDeclarationForm
from .models import CollegeSession, Decision
from .rules import decision_consequences
from .seating import declaration_refusal
from .views_sessions import run


@agency_staff_required
@require_POST
def attendance_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CollegeSession, pk=pk)
    present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
    run(
        request,
        lambda: record_attendance(session, present, actor=request.user),
        "Présences enregistrées.",
    )
    return redirect("college:session", pk=pk)


@agency_staff_required
@require_POST
def confirm_decision_view(request: HttpRequest, decision_pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("candidature"), pk=decision_pk)
    back = reverse("college:session", args=[decision.session_id])
    if not confirmed(request):
        return confirmation(
            request,
            title=f"Confirmer la décision — {decision.candidature.solution_name}",
            consequences=[
                f"Décision enregistrée par {decision.decided_by} ; votre confirmation est la "
                "seconde signature, qui la fait prendre effet.",
                *decision_consequences(decision.candidature, decision.outcome),
                *([f"Motifs : {decision.reasons}"] if decision.reasons else []),
            ],
            submit="Confirmer la décision (seconde signature)",
            cancel_url=back,
        )
    run(
        request,
        lambda: confirm_decision(decision, actor=request.user),
        "Décision confirmée et notifiée à l'éditeur.",
    )
    return redirect(back)


@agency_staff_required
@require_POST
def withdraw_decision_view(request: HttpRequest, decision_pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision, pk=decision_pk)
    back = reverse("college:session", args=[decision.session_id])
    if not confirmed(request):
        return confirmation(
            request,
            title=f"Retirer la décision — {decision.candidature.solution_name}",
            consequences=[
                f"La décision « {decision.get_outcome_display()} » enregistrée par "
                f"{decision.decided_by} est retirée sans avoir pris effet ; le dossier attend "
                "une nouvelle décision."
            ],
            submit="Retirer la décision",
            cancel_url=back,
        )
    run(request, lambda: withdraw_decision(decision, actor=request.user), "Décision retirée.")
    return redirect(back)


@agency_staff_required
@require_POST
def lift_view(request: HttpRequest, decision_pk: int) -> HttpResponse:
    """First or second signature of a lifting of reserves (004 §4.5, issue 16 item 7)."""
    decision = get_object_or_404(Decision.objects.select_related("candidature"), pk=decision_pk)
    candidature = decision.candidature
    back = reverse("college:reserves", args=[candidature.pk])
    second = decision.lift_proposed_by_id is not None
    if not confirmed(request):
        return confirmation(
            request,
            title=f"Lever les réserves — {candidature.solution_name}",
            consequences=[
                f"Les réserves du {decision.session} sur « {candidature.solution_name} » "
                f"({candidature.editor.name}) sont levées selon la procédure simplifiée.",
                "La levée est un acte du collège à deux signatures : "
                + (
                    f"proposée par {decision.lift_proposed_by}, votre confirmation la fait "
                    "prendre effet. Le référencement est attribué : une attestation avec un "
                    "numéro unique est délivrée, la solution apparaît dans la liste publique "
                    "et l'éditeur est notifié."
                    if second
                    else "vous la proposez, un autre membre du collège la confirme. Le "
                    "référencement est attribué à la confirmation."
                ),
            ],
            submit="Confirmer la levée des réserves" if second else "Proposer la levée",
            cancel_url=back,
        )
    if second:
        run(
            request,
            lambda: confirm_reserves_lift(decision, actor=request.user),
            "Réserves levées : le référencement est attribué.",
        )
    else:
        run(
            request,
            lambda: lift_reserves(decision, actor=request.user),
            "Levée proposée : un autre membre du collège la confirme.",
        )
    return redirect(back)


@agency_staff_required
def declaration_view(request: HttpRequest) -> HttpResponse:
    """« Ma déclaration d'intérêts »: renewed yearly, it recuses from the editors named."""
    current = latest_declaration(request.user)
    # A declaration of no interest posts no field at all: bound on any POST.
    form = InterestDeclarationForm(
        request.POST if request.method == "POST" else None,
        initial={"editors": list(current.editors.all()) if current else []},
    )
    if request.method == "POST" and form.is_valid():
        declare_interests(actor=request.user, editors=list(form.cleaned_data["editors"]))
        messages.success(request, "Déclaration d'intérêts enregistrée, valable un an.")
        return redirect("college:declaration")
    context = {
        "title": "Ma déclaration d'intérêts",
        "form": form,
        "current": current,
        "refusal": declaration_refusal(request.user, now()),
    }
    return render(request, "college/declaration.html", context)
