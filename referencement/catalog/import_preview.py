"""The French reading of an import's summary: counts per kind and outcome (issue 10 item 9)."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = (
    ("requirements", "Exigences"),
    ("scenarios", "Scénarios"),
    ("evidence", "Preuves attendues"),
)
OUTCOMES = (
    ("created", "Ajouts"),
    ("updated", "Modifications"),
    ("reactivated", "Réactivations"),
    ("unchanged", "Sans changement"),
    ("retired", "Retraits"),
)


@dataclass(frozen=True)
class CountRow:
    label: str
    values: list[int]


def count_table(counts: dict[str, int]) -> list[CountRow]:
    """One row per kind (exigences, scénarios, preuves), one column per outcome."""
    rows = [
        CountRow(label, [counts.get(f"{kind}_{outcome}", 0) for outcome, _ in OUTCOMES])
        for kind, label in KINDS
    ]
    extra = [
        ("Profils", "profiles_created"),
        ("Chapitres", "chapters_created"),
    ]
    rows += [
        CountRow(label, [counts.get(key, 0), 0, 0, 0, 0]) for label, key in extra if counts.get(key)
    ]
    return rows


def outcome_labels() -> list[str]:
    return [label for _, label in OUTCOMES]
