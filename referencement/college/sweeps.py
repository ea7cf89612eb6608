from __future__ import annotations

from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.calendar import now

from .actions import mark_not_held, refuse_after_fix_window
from .choices import SessionStatus
from .models import CollegeSession, Decision


def refuse_unlifted_reserves() -> int:
    expired = Decision.objects.filter(
        candidature__status=S.RESERVES_TO_LIFT,
        reserves_lifted_at__isnull=True,
        corrections_ready_at__isnull=True,
        fix_deadline__lt=now(),
    ).select_related("candidature")
    return sum(refuse_after_fix_window(decision) for decision in expired)


def close_unheld_sessions() -> int:
    """Past sittings with no dossier become « non tenue » (issue 10 item 8)."""
    past = CollegeSession.objects.filter(
        status=SessionStatus.PLANNED, sits_at__lt=now(), agenda__isnull=True
    )
    return sum(mark_not_held(session) for session in past)
