"""The only module of the project that does deadline arithmetic (DESIGN §6).

Conventions (DESIGN §3 common rules):
- every instant is an aware datetime; results are in Europe/Paris time;
- « jours ouvrés » are Monday–Friday minus French public holidays (metropolitan France);
- « jours » are calendar days; hours are elapsed hours.

Working-day deadlines. 001 §4.3 reads « dans un délai de 10 jours ouvrés à compter de
celle-ci »: the day of the solicitation is not counted. A deadline of n working days
starting at an instant therefore ends at the same Paris wall-clock time on the nth working
day after the start's calendar day (a start on a week-end or holiday counts from the next
working day: Saturday 10:00 + 1 working day = Monday 10:00). Calendar-day deadlines end at
the same wall-clock time n days later; hour deadlines n elapsed hours later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from .choices import DelayUnit, Phase, PhaseStatus

PARIS = ZoneInfo("Europe/Paris")
_FRENCH_HOLIDAYS = holidays.country_holidays("FR")  # no subdivision: metropolitan France

# DESIGN §3: admin dossier until Date 1, exchanges until Date 3; complete evidence until
# the Date of `Dispositif.evidence_deadline_milestone` (Date 2 unless the catalogue says).
PHASE_DEADLINE = {Phase.ADMIN_DOSSIER: 1, Phase.EXCHANGES: 3}
OPENING_MILESTONE = 0


def now() -> datetime:
    """The single clock of the project (tests freeze it with time-machine)."""
    return timezone.now().astimezone(PARIS)


def paris_datetime(day: date, hhmm: str = "00:00") -> datetime:
    """`day` at wall-clock `hhmm` in Paris, e.g. paris_datetime(date(2026, 10, 1), "12:00")."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=PARIS)


def to_paris(instant: datetime) -> datetime:
    if timezone.is_naive(instant):
        raise ValueError("Un instant sans fuseau horaire n'est pas accepté.")
    return instant.astimezone(PARIS)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _FRENCH_HOLIDAYS


def _next_working_days(day: date, n: int) -> date:
    if n < 0:
        raise ValueError("Le nombre de jours doit être positif.")
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _at_same_wall_clock(start: datetime, day: date) -> datetime:
    local = to_paris(start)
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=PARIS)


def add_working_days(start: datetime | date, n: int) -> datetime | date:
    """The nth working day after `start`'s day (same Paris wall-clock time for a datetime)."""
    if isinstance(start, datetime):
        return _at_same_wall_clock(start, _next_working_days(to_paris(start).date(), n))
    return _next_working_days(start, n)


def add_calendar_days(start: datetime | date, n: int) -> datetime | date:
    if isinstance(start, datetime):
        return _at_same_wall_clock(start, to_paris(start).date() + timedelta(days=n))
    return start + timedelta(days=n)


def add_hours(start: datetime, n: int) -> datetime:
    """n elapsed hours (computed in UTC: aware arithmetic in one zone is wall-clock)."""
    return (to_paris(start).astimezone(UTC) + timedelta(hours=n)).astimezone(PARIS)


_ADDERS = {
    DelayUnit.WORKING_DAYS: add_working_days,
    DelayUnit.CALENDAR_DAYS: add_calendar_days,
    DelayUnit.HOURS: add_hours,
}


def add_delay(start: datetime, amount: int, unit: str) -> datetime:
    """Dispatch on a catalogue unit (`Dispositif.admin_response_unit` and the like)."""
    return _ADDERS[DelayUnit(unit)](start, amount)


def describe_delay(amount: int, unit: str) -> str:
    """« 10 jours ouvrés », « 24 heures »."""
    return f"{amount} {DelayUnit(unit).label}"


def format_instant(instant: datetime, *, with_time: bool = True) -> str:
    """« 01/10/2026 à 12h00 » (Paris time)."""
    local = to_paris(instant)
    text = local.strftime("%d/%m/%Y")
    return f"{text} à {local:%H}h{local:%M}" if with_time else text


@dataclass(frozen=True)
class PhaseState:
    phase: Phase
    status: PhaseStatus
    reason: str
    deadline: datetime | None

    @property
    def is_open(self) -> bool:
        """Advisory phases are open: non-funded dispositifs never enforce their dates."""
        return self.status != PhaseStatus.CLOSED


def _when(milestone) -> str:
    return format_instant(milestone.at, with_time=milestone.time_given)


def phase_deadline_number(dispositif, phase: Phase) -> int:
    """The Date that closes `phase`: the catalogue's `evidence_deadline` moves the evidence
    deposit's (004 sets no Date 2: it ends with the exchanges, 004 §4.4)."""
    if phase == Phase.EVIDENCE:
        return dispositif.evidence_deadline_milestone
    return PHASE_DEADLINE[phase]


def phase_state(dispositif, phase: Phase, at: datetime | None = None) -> PhaseState:
    """Whether `phase` of `dispositif` is open at `at` (default: now), with a French reason."""
    at = to_paris(at) if at is not None else now()
    phase = Phase(phase)
    number = phase_deadline_number(dispositif, phase)
    milestones = dispositif.milestones_by_number()
    deadline = milestones.get(number)
    opening = milestones.get(OPENING_MILESTONE)
    label = phase.label
    if dispositif.dates_advisory:
        advice = f" ; date recommandée : {_when(deadline)} (Date {number})" if deadline else ""
        return PhaseState(
            phase, PhaseStatus.ADVISORY, f"{label} ouvert en permanence{advice}", None
        )
    if opening is not None and at < opening.at:
        return PhaseState(
            phase,
            PhaseStatus.CLOSED,
            f"{label} ouvert à partir du {_when(opening)} (Date {OPENING_MILESTONE})",
            deadline.at if deadline else None,
        )
    if deadline is None:
        return PhaseState(phase, PhaseStatus.OPEN, f"{label} ouvert", None)
    if at < deadline.at:
        reason = f"{label} ouvert jusqu'au {_when(deadline)} (Date {number})"
        return PhaseState(phase, PhaseStatus.OPEN, reason, deadline.at)
    reason = f"{label} fermé depuis le {_when(deadline)} (Date {number})"
    return PhaseState(phase, PhaseStatus.CLOSED, reason, deadline.at)


def phase_states(dispositif, at: datetime | None = None) -> list[PhaseState]:
    return [phase_state(dispositif, phase, at) for phase in Phase]
