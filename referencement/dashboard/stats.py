"""Figures of the agency dashboard, per dispositif (brief of issue 5, item 10)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F

from referencement.candidatures.choices import CandidatureStatus, SolicitationPhase
from referencement.candidatures.models import Candidature, Solicitation
from referencement.catalog.choices import CollegeOutcome
from referencement.catalog.models import Dispositif
from referencement.college.models import Decision
from referencement.instruction.models import InstructionRecord
from referencement.instruction.queries import clock, format_duration
from referencement.instruction.rules import STARTABLE


@dataclass
class DispositifStats:
    dispositif: Dispositif
    by_status: dict[str, int] = field(default_factory=dict)
    queue_length: int = 0
    median_seconds: float | None = None
    late_answers: int = 0
    abandonments: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)

    @property
    def median_label(self) -> str:
        if self.median_seconds is None:
            return "—"
        return format_duration(timedelta(seconds=self.median_seconds))

    def status_bars(self) -> list[tuple[str, int]]:
        return [(CandidatureStatus(s).label, n) for s, n in self.by_status.items() if n]

    def outcome_bars(self) -> list[tuple[str, int]]:
        return [(CollegeOutcome(o).label, n) for o, n in self.by_outcome.items()]


def _counts(queryset, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in queryset.values(key).annotate(n=Count("pk"))}


def dispositif_stats(dispositif: Dispositif) -> DispositifStats:
    candidatures = Candidature.objects.filter(dispositif=dispositif)
    by_status = _counts(candidatures, "status")
    finished = InstructionRecord.objects.filter(
        candidature__dispositif=dispositif, finished_at__isnull=False
    ).select_related("candidature")
    durations = [clock(r.candidature, r.finished_at).total_seconds() for r in finished]
    return DispositifStats(
        dispositif=dispositif,
        by_status={s: by_status.get(s, 0) for s in CandidatureStatus.values},
        queue_length=candidatures.filter(
            status__in=STARTABLE, queue_entered_at__isnull=False
        ).count(),
        median_seconds=statistics.median(durations) if durations else None,
        late_answers=Solicitation.objects.filter(
            candidature__dispositif=dispositif,
            phase=SolicitationPhase.INSTRUCTION,
            answered_at__gt=F("due_at"),
        ).count(),
        abandonments=by_status.get(CandidatureStatus.ABANDONED, 0),
        by_outcome={
            o: n
            for o, n in _counts(
                Decision.objects.confirmed().filter(candidature__dispositif=dispositif), "outcome"
            ).items()
        },
    )


def all_stats() -> list[DispositifStats]:
    return [dispositif_stats(d) for d in Dispositif.objects.all()]


CSV_HEADER = ["dispositif", "indicateur", "valeur"]


def csv_rows(stats: list[DispositifStats]) -> list[list]:
    rows: list[list] = []
    for s in stats:
        code = s.dispositif.code
        rows += [[code, f"candidatures — {label}", n] for label, n in s.status_bars()]
        rows += [
            [code, "file d'attente d'instruction", s.queue_length],
            [
                code,
                "temps d'instruction médian (heures)",
                round(s.median_seconds / 3600, 1) if s.median_seconds is not None else "",
            ],
            [code, "sollicitations répondues hors délai", s.late_answers],
            [code, "abandons", s.abandonments],
        ]
        rows += [[code, f"décisions — {label}", n] for label, n in s.outcome_bars()]
    return rows
