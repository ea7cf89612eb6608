"""Weekly collège sessions created ahead (001 §4.5, 004 §4.5: « de manière hebdomadaire »)."""

from __future__ import annotations

from django.http import HttpRequest

from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature
from referencement.catalog.calendar import add_calendar_days, now, paris_datetime

from .choices import SessionStatus
from .models import CollegeSession

# The texts say weekly without a day: Thursday 14:00 (Paris) is a setting of ours.
SESSION_WEEKDAY = 3
SESSION_TIME = "14:00"
WEEKS_AHEAD = 4


def ensure_sessions_ahead(weeks: int = WEEKS_AHEAD) -> int:
    """Create the sessions of the coming weeks that do not exist yet (idempotent)."""
    today = now().date()
    first = add_calendar_days(today, (SESSION_WEEKDAY - today.weekday()) % 7)
    created = 0
    for week in range(weeks):
        sits_at = paris_datetime(add_calendar_days(first, 7 * week), SESSION_TIME)
        _, was_created = CollegeSession.objects.get_or_create(sits_at=sits_at)
        created += was_created
    return created


def next_session():
    return (
        CollegeSession.objects.filter(status=SessionStatus.PLANNED, sits_at__gte=now())
        .order_by("sits_at")
        .first()
    )


def ready_for_agenda():
    """Candidatures with a signed convention not yet on an agenda."""
    return Candidature.objects.filter(status=S.CONVENTION_SIGNED).select_related(
        "dispositif", "editor"
    )


def next_session_panel(request: HttpRequest) -> dict:
    session = next_session()
    return {
        "session": session,
        "agenda_count": session.agenda.count() if session else 0,
        "ready": ready_for_agenda().count(),
    }
