"""The editor's side of the réserves non bloquantes (004 §4.5): a correction deposited
against each reserve, then the corrections declared ready for the agency to judge."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from referencement.audit.actions import record
from referencement.candidatures.access import is_own_editor
from referencement.catalog.calendar import now
from referencement.core.locking import lock
from referencement.files.storage import store_blob
from referencement.lib.blobstore import PendingBlob

from .models import Decision, Reserve, ReserveCorrection
from .rules import correction_refusal, uncorrected_reserves


def _locked_decision(decision: Decision, actor) -> Decision:
    candidature = lock(decision.candidature)
    if not is_own_editor(actor, candidature):
        raise PermissionDenied("Seul un membre de l'éditeur candidat peut faire cette action.")
    decision = lock(decision)
    decision.candidature = candidature
    refusal = correction_refusal(decision, now())
    if refusal:
        raise ValidationError(refusal)
    return decision


@transaction.atomic
def deposit_correction(
    reserve: Reserve,
    *,
    actor,
    note: str,
    upload: tuple[PendingBlob, str] | None = None,
) -> ReserveCorrection:
    decision = _locked_decision(reserve.decision, actor)
    if not note.strip():
        raise ValidationError({"note": "Décrivez la correction apportée."})
    blob, filename = (store_blob(upload[0]), upload[1][:255]) if upload else (None, "")
    correction = ReserveCorrection.objects.create(
        reserve=reserve,
        note=note.strip(),
        blob=blob,
        filename=filename,
        deposited_by=actor,
        deposited_at=now(),
    )
    record(
        "college.reserve_correction",
        actor=actor,
        subject=decision.candidature,
        new={
            "reserve": reserve.number,
            "correction": correction.pk,
            "sha256": blob.sha256 if blob else None,
        },
    )
    return correction


@transaction.atomic
def declare_corrections_ready(decision: Decision, *, actor) -> Decision:
    """Every reserve has its correction: the agency may now judge them and lift."""
    decision = _locked_decision(decision, actor)
    missing = uncorrected_reserves(decision)
    if missing:
        numbers = ", ".join(str(reserve.number) for reserve in missing)
        raise ValidationError(f"Déposez d'abord une correction pour la réserve n° {numbers}.")
    decision.corrections_ready_at = now()
    decision.save(update_fields=["corrections_ready_at"])
    record("college.corrections_ready", actor=actor, subject=decision.candidature)
    return decision
