"""Read-side helpers of the instruction: latest versions, verdicts, the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from referencement.catalog.calendar import now
from referencement.catalog.models import Requirement
from referencement.evidence.choices import EquivalenceVerdict
from referencement.evidence.expected import ExpectedItem, expected_items
from referencement.evidence.models import Evidence, EvidenceVersion

from .choices import VerdictValue
from .models import ClockPeriod
from .rules import ACCEPTED_VERDICTS, is_assessed


@dataclass
class EvidenceRow:
    evidence: Evidence
    version: EvidenceVersion | None
    assessed: bool

    @property
    def verdict(self):
        return getattr(self.version, "verdict", None) if self.version else None

    @property
    def accepted(self) -> bool:
        return self.verdict is not None and self.verdict.value in ACCEPTED_VERDICTS


def evidence_rows(candidature) -> list[EvidenceRow]:
    items = (
        Evidence.objects.filter(candidature=candidature)
        .select_related("spec__scenario__requirement", "extra")
        .prefetch_related("versions__verdict")
        .order_by("pk")
    )
    rows = []
    for item in items:
        versions = sorted(item.versions.all(), key=lambda v: v.number)
        rows.append(EvidenceRow(item, versions[-1] if versions else None, is_assessed(item)))
    return rows


def item_judged(item: ExpectedItem) -> bool:
    """The item counts for the complete dossier (001 §4.4, 003 §4.3): covered by an
    equivalence, deposited when the catalogue says it is not assessed (004 §4.3), or its
    latest version judged conforme (or under the CNDA derogation) after any reopening."""
    if not item.required:
        # 003 §3.1: an equivalence counts once the instructor confirmed the claim.
        return item.evidence.equivalence_verdict == EquivalenceVerdict.CONFIRMED
    latest = item.latest
    if latest is None:
        return False
    evidence = item.evidence
    if evidence.reopened_at and latest.deposited_at < evidence.reopened_at:
        return False
    if not is_assessed(evidence):
        return True
    verdict = getattr(latest, "verdict", None)
    return verdict is not None and verdict.value in ACCEPTED_VERDICTS


def unjudged_items(candidature) -> list[ExpectedItem]:
    """Every item the chosen profiles make applicable that is not yet judged."""
    return [item for item in expected_items(candidature) if not item_judged(item)]


def clock(candidature, at: datetime | None = None) -> timedelta:
    """Instruction time excluding the time waiting for the editor (004 §4.4)."""
    at = at or now()
    total = timedelta()
    for period in ClockPeriod.objects.filter(candidature=candidature):
        total += (period.ended_at or at) - period.started_at
    return total


def format_duration(duration: timedelta) -> str:
    days, seconds = duration.days, duration.seconds
    hours = seconds // 3600
    minutes = seconds % 3600 // 60
    if days:
        return f"{days} j {hours} h"
    return f"{hours} h {minutes:02d} min"


def field_test_requirements(candidature):
    """Requirements reviewed in the test session (000 §3.3: core business and INS; 004 §4.4:
    INS), within the candidature's evidence: the catalogue flags a whole chapter (YAML) or a
    requirement (the « Session de tests » column of an imported REM)."""
    evidence = Evidence.objects.filter(candidature=candidature)
    return Requirement.objects.filter(
        Q(field_test=True) | Q(chapter__field_test=True),
        # An item points to its expected proof, or to the requirement itself when the
        # catalogue lists requirement IDs without scenarios (MS2-DUI-PDE-Va1-SF's YAML).
        Q(scenarios__evidence_specs__in=evidence.filter(spec__isnull=False).values("spec"))
        | Q(pk__in=evidence.filter(requirement__isnull=False).values("requirement")),
    ).distinct()


def under_derogation(candidature) -> list[str]:
    """Codes of the items whose latest version is accepted only under the CNDA derogation
    (001 §4.4: the pre-examination report, not the attestation)."""
    return [
        row.evidence.code
        for row in evidence_rows(candidature)
        if row.assessed and row.verdict is not None and row.verdict.value == VerdictValue.DEROGATION
    ]


def granted_profiles(candidature) -> list:
    """001 §4.4, 003 §4.3: a profile whose items are not all judged is never listed on an
    attestation (e.g. one added before Date 2 and never instructed), nor a profile whose
    catalogue has no requirement yet (issue 12 item 12: three of MS2-DUI-PDE-Va1-SF)."""
    pending = {item.requirement.pk for item in unjudged_items(candidature) if item.requirement}
    return [
        profile
        for profile in candidature.profiles.all()
        if profile.requirements.exists()
        and not profile.requirements.filter(pk__in=pending).exists()
    ]
