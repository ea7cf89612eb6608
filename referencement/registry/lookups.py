"""The registry's answers to the apps below it (candidatures/registry_hooks.py, issue 12)."""

from __future__ import annotations

from .choices import AttestationStatus
from .models import Attestation


def valid_attestation(candidature) -> Attestation | None:
    return candidature.attestations.filter(status=AttestationStatus.VALID).first()


def attestation_numbered(number: str) -> Attestation | None:
    """001 §3.1, 003 §3.1: the referencing an equivalence claims, looked up at declaration
    and again when the instructor judges."""
    return (
        Attestation.objects.select_related("candidature", "dispositif")
        .filter(number=number)
        .first()
    )
