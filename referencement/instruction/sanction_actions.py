"""Suspension and exclusion for breach of the charter (000 §4.4, 002 §4.4, 004 §4.8: « la
suspension temporaire ou l'exclusion définitive du processus d'instruction de la demande de
référencement »), decided by an agency admin, audited and notified to the editor. A granted
referencing ends by withdrawal or revocation in the registry instead."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from referencement.audit.actions import record
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature
from referencement.candidatures.transitions import SUSPENDABLE, change_status
from referencement.catalog.calendar import now
from referencement.notifications.actions import notify_editor

from .actions import _editor_link, _start_clock, _stop_clock, locked_candidature
from .models import Suspension
from .rules import INSTRUCTION_RUNNING, sanction_refusal


def _require_agency_admin(actor) -> None:
    if not getattr(actor, "is_agency_admin", False):
        raise PermissionDenied("Seule l'administration de l'agence suspend ou exclut.")


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError("Le motif est obligatoire : l'éditeur le lit.")
    return reason.strip()


@transaction.atomic
def suspend(candidature: Candidature, *, reason: str, actor) -> Suspension:
    """The clock stops; the editor is notified with the reason."""
    _require_agency_admin(actor)
    candidature = locked_candidature(candidature)
    refusal = sanction_refusal(candidature.status, SUSPENDABLE)
    if refusal:
        raise ValidationError(refusal)
    suspension = Suspension.objects.create(
        candidature=candidature,
        reason=_reason(reason),
        status_before=candidature.status,
        suspended_by=actor,
        suspended_at=now(),
    )
    _stop_clock(candidature)
    change_status(candidature, S.SUSPENDED, actor=actor, reason=suspension.reason)
    notify_editor(
        candidature,
        kind="instruction.suspended",
        title=f"Candidature suspendue — {candidature.solution_name}",
        body=(
            "L'agence a suspendu l'instruction de votre demande de référencement pour "
            f"non-respect de la charte de référencement.\n\nMotif : {suspension.reason}"
        ),
        link=_editor_link(candidature),
    )
    return suspension


@transaction.atomic
def resume(candidature: Candidature, *, actor) -> Candidature:
    """The suspension ends: the candidature goes back where it stood, its clock restarts."""
    _require_agency_admin(actor)
    candidature = locked_candidature(candidature)
    suspension = candidature.suspensions.filter(lifted_at__isnull=True).first()
    if candidature.status != S.SUSPENDED or suspension is None:
        raise ValidationError("Cette candidature n'est pas suspendue.")
    suspension.lifted_at = now()
    suspension.save(update_fields=["lifted_at"])
    change_status(candidature, suspension.status_before, actor=actor, reason="Reprise")
    if suspension.status_before in INSTRUCTION_RUNNING:
        _start_clock(candidature)
    record("instruction.resumed", actor=actor, subject=suspension)
    notify_editor(
        candidature,
        kind="instruction.resumed",
        title=f"Suspension levée — {candidature.solution_name}",
        body="L'agence a levé la suspension : la demande de référencement reprend son cours.",
        link=_editor_link(candidature),
    )
    return candidature


@transaction.atomic
def exclude(candidature: Candidature, *, reason: str, actor) -> Candidature:
    """Final: the candidature leaves the referencing process."""
    _require_agency_admin(actor)
    candidature = locked_candidature(candidature)
    refusal = sanction_refusal(candidature.status, SUSPENDABLE | {S.SUSPENDED})
    if refusal:
        raise ValidationError(refusal)
    reason = _reason(reason)
    _stop_clock(candidature)
    candidature.suspensions.filter(lifted_at__isnull=True).update(lifted_at=now())
    change_status(candidature, S.EXCLUDED, actor=actor, reason=reason)
    notify_editor(
        candidature,
        kind="instruction.excluded",
        title=f"Candidature exclue — {candidature.solution_name}",
        body=(
            "L'agence a exclu définitivement votre candidature du processus de référencement "
            f"pour non-respect de la charte de référencement.\n\nMotif : {reason}"
        ),
        link=_editor_link(candidature),
    )
    return candidature
