"""The valid attestations whose granted profiles carry a requirement a catalogue change
modifies or retires (issue 14 item 4)."""

from __future__ import annotations

from referencement.catalog.impact import CatalogueChange

from .choices import AttestationStatus
from .models import Attestation


def touched_attestations(change: CatalogueChange) -> list[dict]:
    rows = []
    valid = Attestation.objects.filter(
        dispositif=change.dispositif, status=AttestationStatus.VALID
    ).order_by("number")
    for attestation in valid:
        granted = set(attestation.profiles)
        items = sorted(code for code, carried in change.labels.items() if carried & granted)
        if items:
            rows.append(
                {
                    "number": attestation.number,
                    "solution": attestation.solution_name,
                    "editor": attestation.editor_name,
                    "requirements": items,
                }
            )
    return rows
