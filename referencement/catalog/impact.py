"""What a catalogue change touches, before it is confirmed (issue 14 item 4).

Given the requirement IDs an import would change or retire, list the candidatures in
progress whose chosen profiles carry them (with the items), the evidence already judged
against a changed requirement, and the valid attestations whose profiles carry them.
"""

from __future__ import annotations

from django.db.models import Q

from referencement.candidatures.choices import FINAL_STATUSES, CandidatureStatus
from referencement.candidatures.models import Candidature
from referencement.evidence.models import Evidence
from referencement.registry.choices import AttestationStatus
from referencement.registry.models import Attestation

from .models import Dispositif, Requirement

# A referenced solution is followed through its attestation, not as a candidature.
DECIDED = {CandidatureStatus.REFERENCED, CandidatureStatus.RESERVES_TO_LIFT}


def impact_of(dispositif: Dispositif, *, modified: list[str], retired: list[str]) -> dict:
    """JSON-ready lists: `candidatures`, `judged_evidence` and `attestations` touched."""
    touched = set(modified) | set(retired)
    if not touched:
        return {"candidatures": [], "judged_evidence": [], "attestations": []}
    carriers, labels = {}, {}
    requirements = Requirement.objects.filter(dispositif=dispositif, code__in=touched)
    for requirement in requirements.prefetch_related("profiles"):
        carriers[requirement.code] = {p.pk for p in requirement.profiles.all()}
        labels[requirement.code] = {p.label for p in requirement.profiles.all()}
    mandatory = set(dispositif.profiles.filter(mandatory=True).values_list("pk", flat=True))
    return {
        "candidatures": _candidatures(dispositif, carriers, mandatory, set(retired)),
        "judged_evidence": _judged_evidence(dispositif, modified),
        "attestations": _attestations(dispositif, labels),
    }


def _candidatures(
    dispositif: Dispositif, carriers: dict[str, set[int]], mandatory: set[int], retired: set
) -> list[dict]:
    rows = []
    candidatures = (
        Candidature.objects.filter(dispositif=dispositif)
        .exclude(status__in=FINAL_STATUSES | DECIDED)
        .select_related("editor")
        .prefetch_related("profiles")
        .order_by("pk")
    )
    for candidature in candidatures:
        chosen = {p.pk for p in candidature.profiles.all()} | mandatory
        items = sorted(code for code, profiles in carriers.items() if profiles & chosen)
        if items:
            rows.append(
                {
                    "id": candidature.pk,
                    "solution": candidature.solution_name,
                    "editor": candidature.editor.name,
                    "status": candidature.get_status_display(),
                    "changed": [code for code in items if code not in retired],
                    "retired": [code for code in items if code in retired],
                }
            )
    return rows


def _judged_evidence(dispositif: Dispositif, modified: list[str]) -> list[dict]:
    evidence = (
        Evidence.objects.filter(candidature__dispositif=dispositif, versions__verdict__isnull=False)
        .filter(
            Q(spec__scenario__requirement__code__in=modified) | Q(requirement__code__in=modified)
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


def _attestations(dispositif: Dispositif, labels: dict[str, set[str]]) -> list[dict]:
    rows = []
    valid = Attestation.objects.filter(
        dispositif=dispositif, status=AttestationStatus.VALID
    ).order_by("number")
    for attestation in valid:
        granted = set(attestation.profiles)
        items = sorted(code for code, carried in labels.items() if carried & granted)
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
