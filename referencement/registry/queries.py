"""The public shapes of the registry's rows: an attestation (with its history on the
verification API) and a candidate, as the editions publish them."""

from __future__ import annotations

from .choices import AttestationStatus
from .models import Attestation

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


def attestation_row(values: dict) -> dict:
    """An attestation's public row from its ROW_FIELDS values."""
    row = {key: values[column] for key, column in ROW_FIELDS.items()}
    row["issued_at"] = row["issued_at"].isoformat()
    row["status_label"] = STATUS_LABELS[row["status"]]
    row["ended_at"] = row["ended_at"].isoformat() if row["ended_at"] else None
    return row


def attestation_records(attestations) -> list[dict]:
    return [attestation_row(values) for values in attestations.values(*ROW_FIELDS.values())]


def _follow(instance, column: str):
    """The value `values(column)` would read, from a model instance (`a__b` follows a)."""
    for name in column.split("__"):
        instance = getattr(instance, name) if instance is not None else None
    return instance


def attestation_as_dict(attestation: Attestation, *, with_history: bool = False) -> dict:
    data = attestation_row({column: _follow(attestation, column) for column in ROW_FIELDS.values()})
    if with_history:
        data["end_reason"] = attestation.end_reason
        data["history"] = [
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "at": e.at.isoformat(),
                "detail": e.detail,
            }
            for e in attestation.events.all()
        ]
    return data


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
