"""The registry check behind an equivalence claim (001 §3.1, 003 §3.1): the claimed
referencing looked up in the registry, at declaration and again when the instructor judges."""

from __future__ import annotations

from referencement.registry.models import Attestation

from .rules import equivalence_refusal


def claimed_attestation(number: str) -> Attestation | None:
    return (
        Attestation.objects.select_related("candidature", "dispositif")
        .filter(number=number)
        .first()
    )


def equivalence_check(candidature, item, number: str) -> str | None:
    """Why the registry refuses the claim of `number` for `item` today (None: it holds)."""
    return equivalence_refusal(candidature, item, claimed_attestation(number), number)
