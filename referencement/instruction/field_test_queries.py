"""Read side of the field test session (000 §3.3, 004 §4.4)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.urls import reverse

from referencement.candidatures.choices import SolicitationPhase
from referencement.candidatures.deadlines import Deadline
from referencement.candidatures.journey import Action, NextStep
from referencement.catalog.calendar import format_instant, now

from .choices import FieldTestStatus
from .field_test_rules import (
    AFTER_MISSED_HYPOTHESIS,
    MISSED,
    ORGANISABLE,
    completion_refusal,
    window_label,
    window_missed,
)
from .models import FieldTestResult, FieldTestSession, InstructionRecord
from .queries import field_test_requirements
from .rules import field_test_deadline


def reviewed_codes(candidature) -> set[str]:
    """Requirements with a result recorded in a held session of the candidature."""
    return set(
        FieldTestResult.objects.filter(
            session__candidature=candidature, session__status=FieldTestStatus.HELD
        ).values_list("requirement__code", flat=True)
    )


def field_test_refusal(candidature) -> str | None:
    """Why the instruction cannot end yet for want of a held session, or None."""
    if not candidature.dispositif.field_test_session:
        return None
    flagged = list(field_test_requirements(candidature).values_list("code", flat=True))
    return completion_refusal(flagged, reviewed_codes(candidature))


def reopened_by_agency(candidature, deadline: datetime | None) -> bool:
    """The agency sent a demande de complément once the window had passed: the editor may
    propose a later date (AFTER_MISSED_HYPOTHESIS)."""
    return deadline is not None and (
        candidature.solicitations.filter(
            phase=SolicitationPhase.INSTRUCTION, asked_at__gt=deadline
        ).exists()
    )


def proposal_invitation(candidature, started_at: datetime) -> str:
    """The sentence telling the editor to propose the session date, or "" without one."""
    deadline = field_test_deadline(candidature.dispositif, started_at)
    if deadline is None or not field_test_requirements(candidature).exists():
        return ""
    if now() > deadline:
        return (
            f"Le délai de la session de tests a pris fin le {format_instant(deadline)} ; à la "
            "demande de l'agence, proposez une nouvelle date (hypothèse : les textes ne "
            "prévoient pas de date après ce délai)."
        )
    return (
        f"Proposez une date de session de test avant le {format_instant(deadline)} "
        f"({window_label(candidature.dispositif)}) : vous organisez la session en "
        "coordination avec l'agence, qui confirme la date."
    )


def missed_field_tests(candidatures: list, at: datetime) -> set[int]:
    """The keys of the candidatures whose field test window passed without a session the
    agency confirmed (issue 12 item 9), read for a whole page at once: two queries, plus one
    per candidature flagged (to check it has evidence reviewed in session)."""
    concerned = [
        c for c in candidatures if c.status in ORGANISABLE and c.dispositif.field_test_session
    ]
    started = dict(
        InstructionRecord.objects.filter(candidature__in=concerned).values_list(
            "candidature_id", "started_at"
        )
    )
    deadlines = {
        c.pk: field_test_deadline(c.dispositif, started[c.pk]) for c in concerned if c.pk in started
    }
    past = [c for c in concerned if deadlines.get(c.pk) and deadlines[c.pk] < at]
    statuses = defaultdict(list)
    for pk, status in FieldTestSession.objects.filter(candidature__in=past).values_list(
        "candidature_id", "status"
    ):
        statuses[pk].append(status)
    return {
        c.pk
        for c in past
        if window_missed(deadlines[c.pk], statuses[c.pk], at)
        and field_test_requirements(c).exists()
    }


def _window(candidature, started_at: datetime, deadline: datetime, at: datetime) -> Deadline:
    """The window's end, said from the catalogue parameter that computes it."""
    return Deadline(
        deadline,
        "Fin du délai de la session de tests",
        f"La session se tient {window_label(candidature.dispositif)}, commencée le "
        f"{format_instant(started_at)}.",
        f"Passé ce délai sans session confirmée, la candidature est signalée « {MISSED} » et "
        "l'agence décide de la suite (hypothèse).",
        overdue=at > deadline,
    )


def field_test_step(candidature) -> NextStep | None:
    """The editor's « Prochaine étape » while the session is to organise, to confirm, to
    hold or to document; None without a session to hold or once one is held."""
    if candidature.status not in ORGANISABLE or not candidature.dispositif.field_test_session:
        return None
    record = InstructionRecord.objects.filter(candidature=candidature).first()
    if record is None or not field_test_requirements(candidature).exists():
        return None
    sessions = list(candidature.field_tests.all())
    if any(s.status == FieldTestStatus.HELD for s in sessions):
        return None
    at = now()
    deadline = field_test_deadline(candidature.dispositif, record.started_at)
    window = _window(candidature, record.started_at, deadline, at)
    link = reverse("instruction:editor_candidature", args=[candidature.pk]) + "#session-de-tests"
    proposed = next((s for s in sessions if s.status == FieldTestStatus.PROPOSED), None)
    if proposed:
        return NextStep(
            "Confirmation de la session de tests par l'agence",
            f"Vous avez proposé le {format_instant(proposed.scheduled_for)} ({proposed.place}) : "
            "l'agence confirme cette date ou vous en demande une autre.",
            window,
        )
    confirmed = next((s for s in sessions if s.status == FieldTestStatus.CONFIRMED), None)
    if confirmed and confirmed.scheduled_for > at:
        return NextStep(
            f"Session de tests le {format_instant(confirmed.scheduled_for)}",
            f"L'agence a confirmé la session ({confirmed.place}). Préparez l'environnement de "
            "recette et l'utilisateur qui déroulera les scénarios de conformité.",
        )
    if confirmed:
        return NextStep(
            "Résultats de la session de tests en attente",
            f"La session du {format_instant(confirmed.scheduled_for)} a eu lieu : l'agence "
            "enregistre l'atteinte ou non des résultats de chaque exigence vérifiée.",
        )
    if at > deadline and not reopened_by_agency(candidature, deadline):
        return NextStep(MISSED, AFTER_MISSED_HYPOTHESIS, window)
    return NextStep(
        "Proposer la date de la session de tests",
        "Vous organisez la session de tests en coordination avec l'agence : proposez sa date "
        "et son lieu, l'agence confirme la date ou vous en demande une autre.",
        window,
        Action("Proposer une date", link),
    )
