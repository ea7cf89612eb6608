"""The agency's side of the réserves non bloquantes (004 §4.5): an instructor judges the
proof of each correction the editor deposited; the collège lifts only accepted ones."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from referencement.audit.actions import record
from referencement.catalog.calendar import now
from referencement.core.locking import lock
from referencement.instruction.rules import may_instruct
from referencement.notifications.actions import notify_editor

from .choices import CorrectionVerdict
from .models import ReserveCorrection
from .rules import correction_judgement_refusal
from .seating import recusal_refusal


@transaction.atomic
def judge_correction(
    correction: ReserveCorrection, *, accepted: bool, comment: str = "", actor
) -> ReserveCorrection:
    """Accepted, the reserve may be lifted; judged insufficient (with a comment the editor
    reads), the corrections reopen so the editor deposits a new proof within the 4 weeks."""
    if not may_instruct(actor):
        raise PermissionDenied
    decision = correction.reserve.decision
    candidature = lock(decision.candidature)
    recusal = recusal_refusal(actor, candidature.editor)
    if recusal:
        raise PermissionDenied(recusal)
    decision = lock(decision)
    correction = lock(correction)
    refusal = correction_judgement_refusal(decision, correction)
    if refusal:
        raise ValidationError(refusal)
    if not accepted and not comment.strip():
        raise ValidationError(
            "Une correction jugée insuffisante doit être motivée : l'éditeur le lit."
        )
    old = correction.verdict
    correction.verdict = CorrectionVerdict.ACCEPTED if accepted else CorrectionVerdict.REJECTED
    correction.verdict_comment = comment.strip()
    correction.judged_by = actor
    correction.judged_at = now()
    correction.save(update_fields=["verdict", "verdict_comment", "judged_by", "judged_at"])
    if not accepted:
        decision.corrections_ready_at = None
        decision.save(update_fields=["corrections_ready_at"])
    record(
        "college.reserve_correction_judged",
        actor=actor,
        subject=candidature,
        old={"reserve": correction.reserve.number, "verdict": old},
        new={
            "reserve": correction.reserve.number,
            "verdict": correction.verdict,
            "comment": correction.verdict_comment,
        },
    )
    if not accepted:
        notify_editor(
            candidature,
            kind="college.correction_rejected",
            title=f"Correction insuffisante — réserve n° {correction.reserve.number}",
            body=(
                f"{correction.verdict_comment}\\n\\nDéposez une nouvelle correction puis "
                "déclarez de nouveau vos corrections prêtes, avant la fin du délai de correction."
            ),
            deadline=decision.fix_deadline,
            link=reverse("college:reserves", args=[candidature.pk]),
        )
    return correction
