"""Read-side helpers of the instruction: latest versions, verdicts, the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from referencement.catalog.calendar import now
from referencement.catalog.models import Requirement
from referencement.evidence.models import Evidence, EvidenceVersion

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


def all_accepted(candidature) -> bool:
    rows = [row for row in evidence_rows(candidature) if row.assessed]
    return bool(rows) and all(row.accepted for row in rows)


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
    """Requirements of the chapters reviewed in the test session (000 §3.3: core business
    and INS), within the candidature's evidence."""
    return Requirement.objects.filter(
        scenarios__evidence_specs__in=Evidence.objects.filter(
            candidature=candidature, spec__isnull=False
        ).values("spec"),
        chapter__field_test=True,
    ).distinct()
