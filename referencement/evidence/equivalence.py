"""The registry check behind an equivalence claim (001 §3.1, 003 §3.1): the claimed
referencing looked up in the registry, at declaration and again when the instructor judges."""

from __future__ import annotations

from referencement.candidatures import hooks

from .rules import equivalence_refusal


def equivalence_check(candidature, item, number: str) -> str | None:
    """Why the registry refuses the claim of `number` for `item` today (None: it holds)."""
    attestation = hooks.registry().attestation_numbered(number)
    return equivalence_refusal(candidature, item, attestation, number)
