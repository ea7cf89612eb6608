"""How the registry takes a dossier over from the collège (issue 12): by its status, so
the collège never calls registry code. A dossier that becomes referenced (a decision
confirmed, reserves lifted, or the CNDA attestation judged conforme after the decision)
gets its attestation in the transaction that referenced it (001 §4.5)."""

from __future__ import annotations

from referencement.candidatures.choices import CandidatureStatus as S

from .actions import issue_attestation


def issue_on_referenced(sender, *, candidature, new: str, actor, **kwargs) -> None:
    if new == S.REFERENCED:
        decision = candidature.decisions.confirmed().order_by("-decided_at").first()
        issue_attestation(candidature, decision=decision, actor=actor)
