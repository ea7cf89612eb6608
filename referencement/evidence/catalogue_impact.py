"""The evidence already judged against a requirement a catalogue change modifies (issue 14
item 4)."""

from __future__ import annotations

from django.db.models import Q

from referencement.catalog.impact import CatalogueChange

from .models import Evidence


def judged_evidence(change: CatalogueChange) -> list[dict]:
    evidence = (
        Evidence.objects.filter(
            candidature__dispositif=change.dispositif, versions__verdict__isnull=False
        )
        .filter(
            Q(spec__scenario__requirement__code__in=change.modified)
            | Q(requirement__code__in=change.modified)
        )
        .select_related("candidature", "spec__scenario__requirement", "requirement")
        .distinct()
        .order_by("candidature_id", "pk")
    )
    return [
        {
            "candidature": item.candidature_id,
            "solution": item.candidature.solution_name,
            "evidence": item.code,
            "requirement": (item.requirement or item.spec.scenario.requirement).code,
        }
        for item in evidence
    ]
