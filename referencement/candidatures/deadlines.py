"""The next deadline of a candidature, with the rule it comes from (issue 4 item 6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from referencement.catalog import calendar
from referencement.catalog.calendar import PHASE_DEADLINE
from referencement.catalog.choices import Phase

from .choices import CandidatureStatus as S
from .choices import SolicitationStatus
from .models import Candidature

PHASE_OF_STATUS = {
    S.DRAFT: Phase.ADMIN_DOSSIER,
    S.ADMIN_SUBMITTED: Phase.ADMIN_DOSSIER,
    S.ADMIN_ACCEPTED: Phase.EVIDENCE,
    S.EVIDENCE_IN_PROGRESS: Phase.EVIDENCE,
    S.EVIDENCE_COMPLETE: Phase.EXCHANGES,
    S.IN_INSTRUCTION: Phase.EXCHANGES,
    S.AWAITING_EDITOR: Phase.EXCHANGES,
}


@dataclass(frozen=True)
class Deadline:
    at: datetime
    label: str
    source: str
    advisory: bool = False
    time_given: bool = True

    @property
    def when(self) -> str:
        """« 01/10/2026 à 12h00 », or the day alone for an advisory date given without a time."""
        return calendar.format_instant(self.at, with_time=self.time_given)


def _solicitation_deadline(candidature: Candidature) -> Deadline | None:
    solicitation = (
        candidature.solicitations.filter(status=SolicitationStatus.OPEN).order_by("due_at").first()
    )
    if solicitation is None:
        return None
    dispositif = candidature.dispositif
    delay = calendar.describe_delay(dispositif.admin_response_delay, dispositif.admin_response_unit)
    return Deadline(
        solicitation.due_at,
        "Réponse à la demande de complément de l'agence",
        f"{delay} après la demande ({dispositif.code}, 001 §4.3 / 003 §4.2 / 004 §4.2)",
    )


def next_deadline(candidature: Candidature) -> Deadline | None:
    solicitation = _solicitation_deadline(candidature)
    if solicitation is not None:
        return solicitation
    phase = PHASE_OF_STATUS.get(candidature.status)
    if phase is None:
        return None
    number = PHASE_DEADLINE[phase]
    milestone = candidature.dispositif.milestone(number)
    if milestone is None:
        return None
    advisory = candidature.dispositif.dates_advisory
    label = ("Date recommandée : " if advisory else "Date limite : ") + Phase(phase).label.lower()
    source = f"Date {number} ({candidature.dispositif.source or candidature.dispositif.code})"
    return Deadline(milestone.at, label, source, advisory, milestone.time_given)
