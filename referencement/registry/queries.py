"""The public shapes of the registry's rows: an attestation (with its end reason and
history, which the verification API answers) and a candidate, as the editions publish them."""

from __future__ import annotations

from collections import defaultdict

from .choices import AttestationStatus, EventKind
from .models import RegistryEvent

# The columns of an attestation row, read with `values()` when a whole edition is built
# (10,000 rows: no model instances).
ROW_FIELDS = {
    "number": "number",
    "dispositif": "dispositif__code",
    "editor": "editor_name",
    "solution": "solution_name",
    "commercial_names": "commercial_names",
    "technical_version": "technical_version",
    "derives_from": "derives_from__number",
    "derives_from_version": "derives_from__technical_version",
    "profiles": "profiles",
    "issued_at": "issued_at",
    "status": "status",
    "ended_at": "ended_at",
}
STATUS_LABELS = dict(AttestationStatus.choices)
EVENT_LABELS = dict(EventKind.choices)


def attestation_row(values: dict) -> dict:
    """An attestation's public row from its ROW_FIELDS values."""
    row = {key: values[column] for key, column in ROW_FIELDS.items()}
    row["issued_at"] = row["issued_at"].isoformat()
    row["status_label"] = STATUS_LABELS[row["status"]]
    row["ended_at"] = row["ended_at"].isoformat() if row["ended_at"] else None
    return row


def attestation_records(attestations) -> list[dict]:
    """The public rows of `attestations`, each with its end reason and history (the
    verification API answers from the edition: issue 15 item 2), in two queries."""
    histories: dict[str, list[dict]] = defaultdict(list)
    events = RegistryEvent.objects.filter(attestation__in=attestations).order_by("at", "pk")
    for e in events.values("attestation__number", "kind", "at", "detail"):
        histories[e["attestation__number"]].append(
            {
                "kind": e["kind"],
                "label": EVENT_LABELS[e["kind"]],
                "at": e["at"].isoformat(),
                "detail": e["detail"],
            }
        )
    rows = []
    for values in attestations.values(*ROW_FIELDS.values(), "end_reason"):
        row = attestation_row(values)
        row["end_reason"] = values["end_reason"]
        row["history"] = histories[row["number"]]
        rows.append(row)
    return rows


def candidate_records(candidatures) -> list[dict]:
    """The public rows of candidatures: dispositif, editor and solution, nothing else."""
    return [
        {
            "dispositif": c["dispositif__code"],
            "editor": c["editor__name"],
            "solution": c["solution_name"],
        }
        for c in candidatures.values("dispositif__code", "editor__name", "solution_name")
    ]
