"""The next deadline of a candidature, with the rule that really applies to it (issue 11
item 3, issue 12 item 13).

The rule shown is the rule applied: every text below is written from the same catalogue
parameter (delay and unit, or milestone) that computes the date, so a label can never
disagree with its date. No source-text reference reaches the interface: the sections are
cited in the comments and in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from referencement.catalog import calendar
from referencement.catalog.calendar import describe_delay, format_instant, phase_deadline_number
from referencement.catalog.choices import Phase

from . import hooks
from .choices import CandidatureStatus as S
from .choices import SolicitationPhase, SolicitationStatus
from .models import Candidature, Solicitation

# Statuses in which the editor still has the phase's milestone ahead of them. A submitted
# administrative dossier has met Date 1 (001 §4.3: its date is the first submission), so
# ADMIN_SUBMITTED has no milestone of its own: only the agency's solicitation, if any.
PHASE_OF_STATUS = {
    S.DRAFT: Phase.ADMIN_DOSSIER,
    S.ADMIN_ACCEPTED: Phase.EVIDENCE,
    S.EVIDENCE_IN_PROGRESS: Phase.EVIDENCE,
    S.EVIDENCE_COMPLETE: Phase.EXCHANGES,
    S.IN_INSTRUCTION: Phase.EXCHANGES,
    S.AWAITING_EDITOR: Phase.EXCHANGES,
}

# What a missed milestone closes (001 §4.2–§4.4, 003 §4.1–§4.4, 004 §4.1.6, §4.4).
MILESTONE_CONSEQUENCE = {
    Phase.ADMIN_DOSSIER: "Passé cette date, le dossier administratif ne peut plus être soumis.",
    Phase.EVIDENCE: "Passé cette date, le dossier de preuves ne peut plus être complété.",
    Phase.EXCHANGES: (
        "Passé cette date, les échanges avec l'agence sont clos : elle finalise "
        "l'instruction avec les éléments reçus."
    ),
}


# Where `prefetch_deadlines` leaves what `next_deadline` reads (issue 15 item 5: a list
# computes every row's deadline in a constant number of queries).
OPEN_SOLICITATIONS = "open_solicitations"
PENDING_RESERVES = "pending_reserves"


def _open_solicitations(solicitations: QuerySet) -> QuerySet:
    return solicitations.filter(
        answered_at__isnull=True,
        status__in=[SolicitationStatus.OPEN, SolicitationStatus.LATE],
    ).order_by("due_at")


def prefetch_deadlines(candidatures: QuerySet[Candidature]) -> QuerySet[Candidature]:
    """A list's candidatures with what their next deadline needs, fetched for all at once."""
    return candidatures.select_related("dispositif").prefetch_related(
        "dispositif__milestones",
        Prefetch(
            "solicitations",
            queryset=_open_solicitations(Solicitation.objects.all()),
            to_attr=OPEN_SOLICITATIONS,
        ),
        Prefetch(
            "decisions",
            queryset=hooks.college().pending_reserves(),
            to_attr=PENDING_RESERVES,
        ),
    )


def _first(candidature: Candidature, prefetched: str, fallback: QuerySet):
    if hasattr(candidature, prefetched):
        return next(iter(getattr(candidature, prefetched)), None)
    return fallback.first()


@dataclass(frozen=True)
class Deadline:
    """A date the editor must meet. `rule` says how the date is computed, `consequence`
    what follows once it is past; `overdue` flags a missed date."""

    at: datetime
    label: str
    rule: str
    consequence: str = ""
    overdue: bool = False
    advisory: bool = False
    time_given: bool = True

    @property
    def when(self) -> str:
        """« 01/10/2026 à 12h00 », or the day alone for an advisory date given without a time."""
        return format_instant(self.at, with_time=self.time_given)


def _admin_solicitation(solicitation: Solicitation, now: datetime) -> Deadline:
    """001 §4.3: 10 working days, the agency « se réserve le droit » to reject; 003 §4.2,
    004 §4.2: 5 working days, the application is rejected (`admin_late_rejects`)."""
    dispositif = solicitation.candidature.dispositif
    delay = describe_delay(dispositif.admin_response_delay, dispositif.admin_response_unit)
    if dispositif.admin_late_rejects:
        consequence = "Sans réponse dans ce délai, le dossier administratif est rejeté."
    else:
        consequence = "Sans réponse dans ce délai, l'agence peut rejeter le dossier administratif."
    return Deadline(
        solicitation.due_at,
        "Réponse à la demande de complément sur le dossier administratif",
        f"Réponse attendue dans un délai de {delay} à compter de la demande de l'agence "
        f"du {format_instant(solicitation.asked_at)}.",
        consequence,
        overdue=now > solicitation.due_at,
    )


def _instruction_solicitation(solicitation: Solicitation, now: datetime) -> Deadline:
    """001 §4.4: the queue place is kept for an answer within 10 days; 003 §4.4, 004 §4.4:
    within 24 hours. All three: abandoned after 30 days without an answer."""
    dispositif = solicitation.candidature.dispositif
    guarantee = describe_delay(dispositif.queue_guarantee_delay, dispositif.queue_guarantee_unit)
    abandonment = describe_delay(dispositif.abandonment_delay, dispositif.abandonment_unit)
    return Deadline(
        solicitation.due_at,
        "Réponse à la demande de complément de l'instructeur",
        f"Une réponse dans un délai de {guarantee} à compter de la demande de l'agence "
        f"du {format_instant(solicitation.asked_at)} garde la place du dossier dans la "
        "file d'instruction.",
        "Passé ce délai, le dossier reprend place dans la file derrière ceux en attente "
        f"lorsque la réponse arrive ; sans réponse {abandonment} après la demande, le "
        f"{format_instant(solicitation.abandon_at)}, la candidature est considérée comme "
        "abandonnée.",
        overdue=now > solicitation.due_at,
    )


def solicitation_deadline(solicitation: Solicitation, at: datetime | None = None) -> Deadline:
    """The deadline of one agency question, by its phase (admin delay or queue guarantee)."""
    now = calendar.to_paris(at) if at is not None else calendar.now()
    if solicitation.phase == SolicitationPhase.INSTRUCTION:
        return _instruction_solicitation(solicitation, now)
    return _admin_solicitation(solicitation, now)


def _solicitation_deadline(candidature: Candidature, now: datetime) -> Deadline | None:
    # An admin solicitation past its deadline stays answerable where lateness is only
    # flagged (001 §4.3): it is still the editor's next deadline, overdue.
    solicitation = _first(
        candidature, OPEN_SOLICITATIONS, _open_solicitations(candidature.solicitations.all())
    )
    if solicitation is None:
        return None
    return solicitation_deadline(solicitation, now)


def _reserves_deadline(candidature: Candidature, now: datetime) -> Deadline | None:
    """004 §4.5: « L'Editeur dispose de 4 semaines, à compter de la notification de la
    décision du collège, pour réaliser les corrections demandées sous peine de se voir
    refuser le référencement » (`reserves_fix`)."""
    if candidature.status != S.RESERVES_TO_LIFT:
        return None
    pending = hooks.college().pending_reserves().filter(candidature=candidature)
    decision = _first(candidature, PENDING_RESERVES, pending)
    if decision is None:
        return None
    dispositif = candidature.dispositif
    delay = describe_delay(dispositif.reserves_fix_delay, dispositif.reserves_fix_unit)
    return Deadline(
        decision.fix_deadline,
        "Corrections des réserves non bloquantes",
        f"Les corrections sont apportées dans un délai de {delay} à compter de la décision "
        f"du collège du {format_instant(decision.decided_at)}.",
        "Passé ce délai, le référencement est refusé.",
        overdue=now > decision.fix_deadline,
    )


def _milestone_deadline(candidature: Candidature, now: datetime) -> Deadline | None:
    """Funded dispositifs: Date 1, 2 and 3 close their phase (001 §4.2, 003 §4.1, 004
    §4.1.6). Non-funded ones: recommended dates only (000 §4.1, 002 §4.1), hidden once past."""
    phase = PHASE_OF_STATUS.get(candidature.status)
    if phase is None:
        return None
    dispositif = candidature.dispositif
    number = phase_deadline_number(dispositif, phase)
    milestone = dispositif.milestone(number)
    if milestone is None:
        return None
    overdue = now > milestone.at
    if dispositif.dates_advisory:
        if overdue:
            return None
        return Deadline(
            milestone.at,
            milestone.label,
            f"Date {number} du calendrier du dispositif, donnée à titre de recommandation : "
            "le dépôt reste ouvert après cette date.",
            advisory=True,
            time_given=milestone.time_given,
        )
    return Deadline(
        milestone.at,
        milestone.label,
        f"Date {number} du calendrier du dispositif : {Phase(phase).label.lower()} jusqu'au "
        f"{format_instant(milestone.at, with_time=milestone.time_given)}.",
        MILESTONE_CONSEQUENCE[phase],
        overdue=overdue,
        time_given=milestone.time_given,
    )


def next_deadline(candidature: Candidature, at: datetime | None = None) -> Deadline | None:
    """The editor's next deadline: an agency question first, then the reserves to fix,
    then the milestone of the current phase."""
    if candidature.is_final:
        return None
    now = calendar.to_paris(at) if at is not None else calendar.now()
    return (
        _solicitation_deadline(candidature, now)
        or _reserves_deadline(candidature, now)
        or _milestone_deadline(candidature, now)
    )
