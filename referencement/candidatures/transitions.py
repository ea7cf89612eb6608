"""The lifecycle graph of DESIGN §4 and the one function that changes a candidature's status.

Every app's actions call `change_status` inside their transaction: it refuses a transition
the graph does not have, stamps the time, writes the audit row and sends `status_changed`,
by which a later step takes a dossier over without the earlier step calling its code
(issue 12: the collège prepares the convention of an instructed dossier).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.dispatch import Signal
from django.utils import timezone

from referencement.audit.actions import record

from .choices import CandidatureStatus as S
from .models import Candidature

# Sent inside the caller's transaction with candidature, old, new and actor: a receiver's
# writes commit or roll back with the transition.
status_changed = Signal()

ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.ADMIN_SUBMITTED, S.WITHDRAWN}),
    S.ADMIN_SUBMITTED: frozenset({S.ADMIN_ACCEPTED, S.ADMIN_REJECTED, S.WITHDRAWN}),
    S.ADMIN_ACCEPTED: frozenset({S.EVIDENCE_IN_PROGRESS, S.WITHDRAWN}),
    S.EVIDENCE_IN_PROGRESS: frozenset({S.EVIDENCE_COMPLETE, S.IN_INSTRUCTION, S.WITHDRAWN}),
    S.EVIDENCE_COMPLETE: frozenset({S.IN_INSTRUCTION, S.EVIDENCE_IN_PROGRESS, S.WITHDRAWN}),
    S.IN_INSTRUCTION: frozenset(
        {S.AWAITING_EDITOR, S.INSTRUCTED, S.EVIDENCE_IN_PROGRESS, S.EVIDENCE_COMPLETE, S.WITHDRAWN}
    ),
    S.AWAITING_EDITOR: frozenset({S.IN_INSTRUCTION, S.ABANDONED, S.WITHDRAWN}),
    S.INSTRUCTED: frozenset({S.CONVENTION_SIGNED, S.IN_INSTRUCTION, S.WITHDRAWN}),
    S.CONVENTION_SIGNED: frozenset({S.IN_COLLEGE, S.WITHDRAWN}),
    # Issue 16 item 7: without a decision (no quorum once recusals count), carried over.
    S.IN_COLLEGE: frozenset(
        {S.REFERENCED, S.AWAITING_CNDA, S.RESERVES_TO_LIFT, S.REFUSED, S.CONVENTION_SIGNED}
    ),
    S.RESERVES_TO_LIFT: frozenset({S.REFERENCED, S.AWAITING_CNDA, S.REFUSED}),
    S.AWAITING_CNDA: frozenset({S.REFERENCED, S.WITHDRAWN}),
    # 001 §4.5: refused before Date 3, the editor may re-deposit the non-conform evidence.
    S.REFUSED: frozenset({S.EVIDENCE_IN_PROGRESS}),
    S.REFERENCED: frozenset({S.REVOKED, S.WITHDRAWN}),
    S.ADMIN_REJECTED: frozenset(),
    S.ABANDONED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.REVOKED: frozenset(),
    S.EXCLUDED: frozenset(),
}
# 000 §4.4, 002 §4.4, 004 §4.8: the instruction process may be suspended (and resumed where
# it stood) or ended by exclusion, at any step before the referencing.
SUSPENDABLE = frozenset(
    status for status, nexts in ALLOWED.items() if nexts and status not in {S.DRAFT, S.REFERENCED}
)
for _status in SUSPENDABLE:
    ALLOWED[_status] = ALLOWED[_status] | {S.SUSPENDED, S.EXCLUDED}
ALLOWED[S.SUSPENDED] = SUSPENDABLE | {S.EXCLUDED, S.WITHDRAWN}


def can_change(candidature: Candidature, new_status: str) -> bool:
    return new_status in ALLOWED[candidature.status]


def change_status(
    candidature: Candidature, new_status: str, *, actor, reason: str = "", extra: dict | None = None
) -> None:
    """Move the candidature along the lifecycle; the caller holds the transaction."""
    old = candidature.status
    if not can_change(candidature, new_status):
        raise ValidationError(
            f"Transition impossible : {S(old).label} → {S(new_status).label}.", code="transition"
        )
    candidature.status = new_status
    candidature.status_changed_at = timezone.now()
    candidature.save(update_fields=["status", "status_changed_at", "updated_at"])
    record(
        f"candidature.{new_status}",
        actor=actor,
        subject=candidature,
        old={"status": old},
        new={"status": new_status, **({"reason": reason} if reason else {}), **(extra or {})},
    )
    status_changed.send(
        sender=Candidature, candidature=candidature, old=old, new=new_status, actor=actor
    )
