"""Read side of the field test session (000 §3.3, 004 §4.4)."""

from __future__ import annotations

from datetime import datetime

from referencement.catalog.calendar import format_instant

from .choices import FieldTestStatus
from .field_test_rules import completion_refusal, window_label
from .models import FieldTestResult
from .queries import field_test_requirements
from .rules import field_test_deadline


def reviewed_codes(candidature) -> set[str]:
    """Requirements with a result recorded in a held session of the candidature."""
    return set(
        FieldTestResult.objects.filter(
            session__candidature=candidature, session__status=FieldTestStatus.HELD
        ).values_list("requirement__code", flat=True)
    )


def field_test_refusal(candidature) -> str | None:
    """Why the instruction cannot end yet for want of a held session, or None."""
    if not candidature.dispositif.field_test_session:
        return None
    flagged = list(field_test_requirements(candidature).values_list("code", flat=True))
    return completion_refusal(flagged, reviewed_codes(candidature))


def proposal_invitation(candidature, started_at: datetime) -> str:
    """The sentence telling the editor to propose the session date, or "" without one."""
    deadline = field_test_deadline(candidature.dispositif, started_at)
    if deadline is None or not field_test_requirements(candidature).exists():
        return ""
    return (
        f"Proposez une date de session de test avant le {format_instant(deadline)} "
        f"({window_label(candidature.dispositif)}) : vous organisez la session en "
        "coordination avec l'agence, qui confirme la date."
    )
