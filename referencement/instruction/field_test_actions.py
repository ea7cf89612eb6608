"""State changes of the field test session (000 §3.3, 004 §4.4): the editor proposes the
date, the agency confirms it or asks for another, then records the results per requirement
the catalogue flags. Each action locks the candidature, re-reads the session inside the
transaction, writes its audit row and notifies the editor on commit."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from referencement.audit.actions import record
from referencement.candidatures.models import Candidature
from referencement.catalog.calendar import format_instant, now
from referencement.core.locking import lock
from referencement.notifications.actions import notify_editor, notify_users

from .assignment import agency_recipients
from .choices import FieldTestStatus
from .field_test_queries import missed_field_tests, reopened_by_agency
from .field_test_rules import (
    AFTER_MISSED_HYPOTHESIS,
    MISSED,
    ORGANISABLE,
    PENDING,
    RULE,
    proposal_refusal,
    results_refusal,
    window_label,
)
from .models import FieldTestResult, FieldTestSession, InstructionRecord
from .queries import field_test_requirements
from .rules import field_test_deadline, may_instruct


def _editor_link(candidature: Candidature) -> str:
    return reverse("instruction:editor_candidature", args=[candidature.pk])


def _agency_link(candidature: Candidature) -> str:
    return reverse("instruction:candidature", args=[candidature.pk])


def _locked_session(session: FieldTestSession, *, actor) -> FieldTestSession:
    if not may_instruct(actor):
        raise PermissionDenied
    lock(session.candidature)
    return lock(session)


@transaction.atomic
def propose_field_test(
    candidature: Candidature, *, scheduled_for: datetime, place: str, actor
) -> FieldTestSession:
    """The editor, who organises the session, proposes its date and environment."""
    if not getattr(actor, "is_editor", False) or actor.editor_id != candidature.editor_id:
        raise PermissionDenied
    candidature = lock(candidature)
    if candidature.status not in ORGANISABLE:
        raise ValidationError("La candidature n'est pas en cours d'instruction.")
    if not field_test_requirements(candidature).exists():
        raise ValidationError(
            "Aucune exigence de cette candidature n'est vérifiée en session de tests."
        )
    if candidature.field_tests.filter(status__in=PENDING).exists():
        raise ValidationError(f"{RULE} : une session est déjà proposée ou confirmée.")
    started_at = (
        InstructionRecord.objects.filter(candidature=candidature)
        .values_list("started_at", flat=True)
        .first()
    )
    deadline = field_test_deadline(candidature.dispositif, started_at) if started_at else None
    refusal = proposal_refusal(
        candidature.dispositif,
        started_at,
        scheduled_for,
        now(),
        reopened=reopened_by_agency(candidature, deadline),
    )
    if refusal:
        raise ValidationError(refusal)
    if not place.strip():
        raise ValidationError("Indiquez le lieu ou l'environnement de recette.")
    session = FieldTestSession.objects.create(
        candidature=candidature,
        scheduled_for=scheduled_for,
        place=place.strip(),
        proposed_by=actor,
        scheduled_at=now(),
    )
    record(
        "instruction.field_test_proposed",
        actor=actor,
        subject=session,
        new={"scheduled_for": scheduled_for, "place": session.place},
    )
    notify_users(
        agency_recipients(candidature),
        candidature,
        kind="instruction.field_test_proposed",
        title=f"Date de session de tests proposée — {candidature.solution_name}",
        body=(
            f"{candidature.editor.name} propose la session de tests du "
            f"{format_instant(scheduled_for)} ({session.place}). Confirmez cette date ou "
            "demandez-en une autre."
        ),
        deadline=scheduled_for,
        link=_agency_link(candidature),
    )
    return session


@transaction.atomic
def confirm_field_test(session: FieldTestSession, *, actor) -> FieldTestSession:
    """The agency confirms the proposed date; the confirming user represents it."""
    session = _locked_session(session, actor=actor)
    if session.status != FieldTestStatus.PROPOSED:
        raise ValidationError("Cette date n'attend pas de confirmation.")
    if session.candidature.status not in ORGANISABLE:
        raise ValidationError("La candidature n'est pas en cours d'instruction.")
    session.status = FieldTestStatus.CONFIRMED
    session.agency_representative = actor
    session.save(update_fields=["status", "agency_representative"])
    record(
        "instruction.field_test_confirmed",
        actor=actor,
        subject=session,
        old={"status": FieldTestStatus.PROPOSED},
        new={"status": session.status, "scheduled_for": session.scheduled_for},
    )
    notify_editor(
        session.candidature,
        kind="instruction.field_test",
        title=f"Session de tests confirmée — {session.candidature.solution_name}",
        body=(
            f"L'agence confirme la session de tests du {format_instant(session.scheduled_for)} "
            f"({session.place}). Préparez l'environnement de recette et l'utilisateur qui "
            "déroulera les scénarios."
        ),
        deadline=session.scheduled_for,
        link=_editor_link(session.candidature),
    )
    return session


@transaction.atomic
def ask_another_field_test_date(
    session: FieldTestSession, reason: str, *, actor
) -> FieldTestSession:
    """The agency cannot attend on the proposed date: the editor proposes another."""
    session = _locked_session(session, actor=actor)
    if session.status != FieldTestStatus.PROPOSED:
        raise ValidationError("Cette date n'attend pas de réponse de l'agence.")
    if not reason.strip():
        raise ValidationError("Indiquez à l'éditeur pourquoi une autre date est demandée.")
    session.status = FieldTestStatus.DECLINED
    session.agency_note = reason.strip()
    session.save(update_fields=["status", "agency_note"])
    record(
        "instruction.field_test_declined",
        actor=actor,
        subject=session,
        old={"status": FieldTestStatus.PROPOSED},
        new={"status": session.status, "reason": session.agency_note},
    )
    notify_editor(
        session.candidature,
        kind="instruction.field_test",
        title=f"Autre date de session de tests demandée — {session.candidature.solution_name}",
        body=(
            f"L'agence ne peut pas retenir le {format_instant(session.scheduled_for)} : "
            f"{session.agency_note} Proposez une autre date."
        ),
        link=_editor_link(session.candidature),
    )
    return session


@transaction.atomic
def record_field_test_results(
    session: FieldTestSession, results: dict[int, tuple[str, str]], *, actor
) -> FieldTestSession:
    """The outcome per flagged requirement (000 §3.3: « documente l'atteinte ou non des
    résultats »). `results` maps a requirement id to (outcome, comment)."""
    session = _locked_session(session, actor=actor)
    refusal = results_refusal(session, now())
    if refusal:
        raise ValidationError(refusal)
    flagged = set(field_test_requirements(session.candidature).values_list("pk", flat=True))
    if not results or set(results) - flagged:
        raise ValidationError(
            f"{RULE} : un résultat ne s'enregistre que pour une exigence que le catalogue "
            "soumet à la session de tests."
        )
    for requirement_id, (outcome, comment) in results.items():
        FieldTestResult.objects.update_or_create(
            session=session,
            requirement_id=requirement_id,
            defaults={"outcome": outcome, "comment": comment},
        )
    old_status = session.status
    session.status = FieldTestStatus.HELD
    session.held_at = session.held_at or now()
    session.save(update_fields=["status", "held_at"])
    record(
        "instruction.field_test_results",
        actor=actor,
        subject=session,
        old={"status": old_status},
        new={str(k): v[0] for k, v in results.items()},
    )
    notify_editor(
        session.candidature,
        kind="instruction.field_test_results",
        title="Résultats de la session de tests",
        body="Les résultats de la session de tests sont disponibles dans votre espace.",
        link=_editor_link(session.candidature),
    )
    return session


@transaction.atomic
def report_missed_field_test(candidature: Candidature) -> bool:
    """The sweep's report that the window passed without a session the agency confirmed:
    editor and agency are told once; what follows is the agency's decision
    (AFTER_MISSED_HYPOTHESIS). False when already reported or no longer missed."""
    candidature = lock(candidature)
    if candidature.pk not in missed_field_tests([candidature], now()):
        return False
    claimed = InstructionRecord.objects.filter(
        candidature=candidature, field_test_missed_at__isnull=True
    ).update(field_test_missed_at=now())
    if not claimed:
        return False
    started_at = InstructionRecord.objects.values_list("started_at", flat=True).get(
        candidature=candidature
    )
    deadline = field_test_deadline(candidature.dispositif, started_at)
    record(
        "instruction.field_test_missed", actor=None, subject=candidature, new={"deadline": deadline}
    )
    missed = (
        f"La session de tests se tient {window_label(candidature.dispositif)}, soit au plus "
        f"tard le {format_instant(deadline)} : aucune session n'a été confirmée dans ce délai."
    )
    title = f"{MISSED} — {candidature.solution_name}"
    notify_editor(
        candidature,
        kind="instruction.field_test_missed",
        title=title,
        body=f"{missed} {AFTER_MISSED_HYPOTHESIS}",
        link=_editor_link(candidature),
    )
    notify_users(
        agency_recipients(candidature),
        candidature,
        kind="instruction.field_test_missed",
        title=title,
        body=f"{missed} {AFTER_MISSED_HYPOTHESIS}",
        link=_agency_link(candidature),
    )
    return True
