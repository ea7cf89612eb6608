"""The candidatures in progress a catalogue change touches (issue 14 item 4): those whose
chosen profiles carry a changed or retired requirement, with the items."""

from __future__ import annotations

from referencement.catalog.impact import CatalogueChange

from .choices import FINAL_STATUSES, CandidatureStatus
from .models import Candidature

# A referenced solution is followed through its attestation, not as a candidature.
DECIDED = {CandidatureStatus.REFERENCED, CandidatureStatus.RESERVES_TO_LIFT}


def in_progress(dispositif):
    """The dispositif's candidatures a catalogue change may still reach."""
    return Candidature.objects.filter(dispositif=dispositif).exclude(
        status__in=FINAL_STATUSES | DECIDED
    )


def touched_candidatures(change: CatalogueChange) -> list[dict]:
    rows = []
    candidatures = (
        in_progress(change.dispositif)
        .select_related("editor")
        .prefetch_related("profiles")
        .order_by("pk")
    )
    for candidature in candidatures:
        chosen = {p.pk for p in candidature.profiles.all()} | change.mandatory
        items = sorted(code for code, profiles in change.carriers.items() if profiles & chosen)
        if items:
            rows.append(
                {
                    "id": candidature.pk,
                    "solution": candidature.solution_name,
                    "editor": candidature.editor.name,
                    "status": candidature.get_status_display(),
                    "changed": [code for code in items if code not in change.retired],
                    "retired": [code for code in items if code in change.retired],
                }
            )
    return rows
