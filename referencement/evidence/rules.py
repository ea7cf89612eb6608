"""When evidence may be deposited (read by the deposit action and the resumable upload
endpoint, which refuses before receiving any byte)."""

from __future__ import annotations

from referencement.candidatures import rules
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature

# Deposits are open once the dossier is accepted and while the agency reviews the evidence.
DEPOSIT_STATUSES = frozenset(
    {
        S.ADMIN_ACCEPTED,
        S.EVIDENCE_IN_PROGRESS,
        S.EVIDENCE_COMPLETE,
        S.IN_INSTRUCTION,
        S.AWAITING_EDITOR,
    }
)


def deposit_refusal(candidature: Candidature) -> str | None:
    """Why no evidence can be deposited now, or None."""
    if candidature.status not in DEPOSIT_STATUSES:
        return (
            "Le dépôt des preuves n'est pas ouvert pour cette candidature "
            f"(état : {candidature.get_status_display()})."
        )
    return rules.exchanges_refusal(candidature)
