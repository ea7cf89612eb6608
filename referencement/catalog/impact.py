"""What a catalogue change touches, before it is confirmed (issue 14 item 4).

Given the requirement IDs an import would change or retire, the apps above the catalogue
list what they hold that carries them: the candidatures in progress whose chosen profiles
carry them (with the items), the evidence already judged against a changed requirement, and
the valid attestations whose profiles carry them. Each registers its section in its
`ready()` (issue 12: the catalogue never imports them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Dispositif, Requirement


@dataclass(frozen=True)
class CatalogueChange:
    dispositif: Dispositif
    modified: list[str]
    retired: set[str]
    # Requirement code -> the profiles that carry it (ids, and labels as attestations keep them).
    carriers: dict[str, set[int]]
    labels: dict[str, set[str]]
    mandatory: set[int]


# Section key -> the JSON-ready rows it lists for a change, in the apps' order.
IMPACT_SECTIONS: dict[str, Callable[[CatalogueChange], list[dict]]] = {}


def register_impact(key: str, section: Callable[[CatalogueChange], list[dict]]) -> None:
    IMPACT_SECTIONS[key] = section


def impact_of(dispositif: Dispositif, *, modified: list[str], retired: list[str]) -> dict:
    """JSON-ready lists: `candidatures`, `judged_evidence` and `attestations` touched."""
    touched = set(modified) | set(retired)
    if not touched:
        return {key: [] for key in IMPACT_SECTIONS}
    carriers, labels = {}, {}
    requirements = Requirement.objects.filter(dispositif=dispositif, code__in=touched)
    for requirement in requirements.prefetch_related("profiles"):
        carriers[requirement.code] = {p.pk for p in requirement.profiles.all()}
        labels[requirement.code] = {p.label for p in requirement.profiles.all()}
    mandatory = set(dispositif.profiles.filter(mandatory=True).values_list("pk", flat=True))
    change = CatalogueChange(dispositif, modified, set(retired), carriers, labels, mandatory)
    return {key: section(change) for key, section in IMPACT_SECTIONS.items()}
