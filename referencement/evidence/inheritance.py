"""Carrying the evidence of a referenced version into its next version (issue 14 item 5,
001 §1.2 « compatibilité ascendante »). Every item is inherited « reprise de la version N »:
its latest deposit becomes version 1 of the new item, on the same stored blob (the store is
content-addressed: nothing is copied), with the original deposit's date and verdict. Items
that must be deposited again are inherited too, reopened, their old deposit kept for
reference. Called inside the opening action's transaction, which audits it; rows are
written in bulk (a dossier holds hundreds of items)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.dispatch import Signal

from .models import Evidence, EvidenceVersion

# Sent inside the opening action's transaction with the previous candidature and the carried
# versions inherited as is: the instruction, above evidence, carries their verdicts (issue 12).
versions_carried = Signal()


@dataclass
class Inheritance:
    inherited: list[str] = field(default_factory=list)
    to_redeposit: dict[str, str] = field(default_factory=dict)


def chapter_and_codes(evidence: Evidence) -> tuple[str, set[str]]:
    """The item's REM chapter code and the codes a catalogue rule may name: its own and its
    requirement's."""
    requirement = evidence.spec.scenario.requirement if evidence.spec_id else evidence.requirement
    codes = {evidence.code}
    if requirement is None:
        return "", codes
    codes.add(requirement.code)
    return (requirement.chapter.code if requirement.chapter_id else ""), codes


def _latest_versions(candidature) -> dict[int, EvidenceVersion]:
    latest: dict[int, EvidenceVersion] = {}
    for version in EvidenceVersion.objects.filter(evidence__candidature=candidature).order_by(
        "evidence_id", "number"
    ):
        latest[version.evidence_id] = version
    return latest


def _carried(item: Evidence, version: EvidenceVersion) -> EvidenceVersion:
    return EvidenceVersion(
        evidence=item,
        number=1,
        blob_id=version.blob_id,
        filename=version.filename,
        text=version.text,
        deposited_by_id=version.deposited_by_id,
        deposited_at=version.deposited_at,
        conformity_status=version.conformity_status,
        conformity_report=version.conformity_report,
        inherited_from=version,
    )


def carry_forward(
    previous, new, *, reason_for: Callable[[Evidence], str], label: str, at
) -> Inheritance:
    """Inherit every item of `previous` into `new`; `reason_for(item)` says why an item must be
    deposited again (empty: inherited as is, with its verdict)."""
    result = Inheritance()
    latest = _latest_versions(previous)
    olds = list(
        Evidence.objects.filter(candidature=previous)
        .select_related("spec__scenario__requirement__chapter", "requirement__chapter", "extra")
        .order_by("pk")
    )
    reasons = {old.pk: reason_for(old) for old in olds}
    items = Evidence.objects.bulk_create(
        Evidence(
            candidature=new,
            spec_id=old.spec_id,
            extra_id=old.extra_id,
            requirement_id=old.requirement_id,
            equivalence=old.equivalence,
            equivalence_reference=old.equivalence_reference,
            demanded_by_agency=old.demanded_by_agency,
            inherited_from=old,
            reopened_at=at if reasons[old.pk] else None,
            reopened_reason=f"{label} : {reasons[old.pk]}" if reasons[old.pk] else "",
            reopened_after=1 if reasons[old.pk] and old.pk in latest else 0,
        )
        for old in olds
    )
    carried = EvidenceVersion.objects.bulk_create(
        _carried(item, latest[old.pk])
        for old, item in zip(olds, items, strict=True)
        if old.pk in latest
    )
    versions_carried.send(
        sender=EvidenceVersion,
        previous=previous,
        versions=[v for v in carried if not reasons[v.inherited_from.evidence_id]],
    )
    for old in olds:
        if reasons[old.pk]:
            result.to_redeposit[old.code] = reasons[old.pk]
        else:
            result.inherited.append(old.code)
    return result


def carry_into_next_version(
    sender, *, previous, new, redeposit_reason, label: str, at, **kwargs
) -> dict:
    """Receiver of candidatures' `next_version_opened`, inside the opening's transaction:
    what was inherited and what must be deposited again, for its audit row."""
    carried = carry_forward(
        previous,
        new,
        reason_for=lambda item: redeposit_reason(*chapter_and_codes(item)),
        label=label,
        at=at,
    )
    return {"inherited": sorted(carried.inherited), "to_redeposit": carried.to_redeposit}
