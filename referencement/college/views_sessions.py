"""Agency pages of the collège: weekly sessions, agenda, decisions, minutes."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Q, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referencement.accounts.decorators import agency_staff_required
from referencement.candidatures.models import Candidature
from referencement.catalog.calendar import now
from referencement.core.confirm import confirmation, confirmed
from referencement.instruction.workbench import instruction_summary

from .actions import build_agenda, close_session, mark_not_held, record_decision
from .choices import SessionStatus
from .forms import DecisionForm
from .models import CollegeSession, Decision
from .rules import decision_consequences, sitting_unheld
from .seating import (
    college_members,
    declaration_refusal,
    may_run_sessions,
    may_sit,
    recused_members,
)
from .sessions import ready_for_agenda

PAGE_SIZE = 20


def run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
        messages.success(request, success)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@agency_staff_required
def session_list_view(request: HttpRequest) -> HttpResponse:
    # The sittings to come first, the soonest on top; then the past ones, the latest first.
    upcoming = Q(status=SessionStatus.PLANNED, sits_at__gte=now())
    sessions = CollegeSession.objects.annotate(agenda_count=Count("agenda")).order_by(
        Case(When(upcoming, then=Value(0)), default=Value(1)),
        Case(When(upcoming, then=F("sits_at"))).asc(),
        F("sits_at").desc(),
    )
    context = {
        "page_obj": Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page")),
        "ready": ready_for_agenda(),
        "to_lift": Decision.objects.filter(
            candidature__status="reserves_to_lift", reserves_lifted_at__isnull=True
        )
        .select_related("candidature__editor", "session")
        .order_by("fix_deadline"),
        "now": now(),
        "declaration_refusal": may_sit(request.user) and declaration_refusal(request.user, now()),
        "title": "Collège technique de référencement",
    }
    return render(request, "college/session_list.html", context)


@agency_staff_required
def session_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CollegeSession, pk=pk)
    decided = {d.candidature_id: d for d in session.decisions.all()}
    items = []
    agenda = session.agenda.select_related(
        "candidature__dispositif", "candidature__editor"
    ).prefetch_related("candidature__profiles")
    for item in agenda:
        outcomes = item.candidature.dispositif.college_outcomes
        items.append(
            {
                "candidature": item.candidature,
                "summary": instruction_summary(item.candidature),
                "decision": decided.get(item.candidature_id),
                "recused": recused_members(session, item.candidature.editor),
                "form": DecisionForm(outcomes=outcomes, prefix=f"c{item.candidature_id}"),
            }
        )
    attendance = {a.member_id: a.present for a in session.attendance.all()}
    context = {
        "session": session,
        "items": items,
        "members": [(m, attendance.get(m.pk)) for m in college_members()],
        "attendance_recorded": bool(attendance),
        "quorum": settings.COLLEGE_QUORUM,
        "may_sit": may_sit(request.user),
        "may_run": may_run_sessions(request.user),
        "unheld": sitting_unheld(session, now()),
        "ready": ready_for_agenda(),
        "title": str(session),
    }
    return render(request, "college/session.html", context)


@agency_staff_required
@require_POST
def build_agenda_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CollegeSession, pk=pk)
    run(request, lambda: build_agenda(session, actor=request.user), "Ordre du jour mis à jour.")
    return redirect("college:session", pk=pk)


@agency_staff_required
@require_POST
def decision_view(request: HttpRequest, pk: int, candidature_pk: int) -> HttpResponse:
    session = get_object_or_404(CollegeSession, pk=pk)
    candidature = get_object_or_404(Candidature, pk=candidature_pk)
    form = DecisionForm(
        request.POST,
        outcomes=candidature.dispositif.college_outcomes,
        prefix=f"c{candidature.pk}",
    )
    if not form.is_valid():
        messages.error(request, "Choisissez une décision prévue par le dispositif.")
        return redirect("college:session", pk=pk)
    if not confirmed(request):
        return confirmation(
            request,
            title=f"Confirmer la décision du {session}",
            consequences=[
                *decision_consequences(candidature, form.cleaned_data["outcome"]),
                *(
                    [f"Motifs : {form.cleaned_data['reasons']}"]
                    if form.cleaned_data["reasons"]
                    else []
                ),
            ],
            submit="Enregistrer la décision (première signature)",
            cancel_url=reverse("college:session", args=[pk]),
            fields=[form["outcome"].html_name, form["reasons"].html_name],
        )
    run(
        request,
        lambda: record_decision(session, candidature, actor=request.user, **form.cleaned_data),
        "Décision enregistrée : elle prend effet quand un autre membre présent la confirme.",
    )
    return redirect("college:session", pk=pk)


@agency_staff_required
@require_POST
def close_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CollegeSession, pk=pk)
    if not confirmed(request):
        return confirmation(
            request,
            title=f"Clore le {session}",
            consequences=[
                "Le procès-verbal de la séance est établi en PDF, son empreinte SHA-256 est "
                "tracée dans le journal d'audit, et la séance est close : aucune décision ne "
                "pourra plus y être enregistrée ni modifiée.",
                "Les dossiers sans décision confirmée sont reportés à une prochaine séance.",
            ],
            submit="Clore la séance",
            cancel_url=reverse("college:session", args=[pk]),
        )
    run(request, lambda: close_session(session, actor=request.user), "Procès-verbal établi.")
    return redirect("college:session", pk=pk)


@agency_staff_required
@require_POST
def not_held_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_run_sessions(request.user):
        raise PermissionDenied
    session = get_object_or_404(CollegeSession, pk=pk)
    if not confirmed(request):
        return confirmation(
            request,
            title=f"Marquer le {session} comme non tenu",
            consequences=[
                "La séance est close sans procès-verbal, avec l'état « Non tenue », tracé "
                "dans le journal d'audit ; aucun dossier ne pourra plus y être inscrit."
            ],
            submit="Marquer la séance comme non tenue",
            cancel_url=reverse("college:session", args=[pk]),
        )
    if mark_not_held(session, actor=request.user):
        messages.success(request, "Séance marquée comme non tenue.")
    else:
        messages.error(request, "Seule une séance passée, sans dossier, peut être non tenue.")
    return redirect("college:session", pk=pk)


@agency_staff_required
def minutes_view(request: HttpRequest, pk: int) -> FileResponse:
    session = get_object_or_404(CollegeSession, pk=pk)
    if not session.minutes:
        raise Http404
    # Stored under its hash (issue 15 item 7): the download keeps a readable name.
    return FileResponse(
        session.minutes.open("rb"),
        content_type="application/pdf",
        filename=f"college-{session.sits_at:%Y-%m-%d}.pdf",
    )
