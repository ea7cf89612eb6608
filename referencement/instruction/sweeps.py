"""The periodic sweeps of the instruction: solicitations, field test windows (idempotent:
run twice, same result)."""

from __future__ import annotations

from referencement.candidatures.choices import SolicitationPhase, SolicitationStatus
from referencement.candidatures.models import Candidature, Solicitation
from referencement.catalog.calendar import now

from .actions import abandon_silent, remind_silent
from .field_test_actions import report_missed_field_test
from .field_test_queries import missed_field_tests
from .field_test_rules import ORGANISABLE
from .rules import reminder_due


def sweep_solicitations() -> dict[str, int]:
    at = now()
    open_ = Solicitation.objects.filter(
        phase=SolicitationPhase.INSTRUCTION, status=SolicitationStatus.OPEN
    ).select_related("candidature__dispositif")
    reminded = sum(
        remind_silent(s)
        for s in open_.filter(reminder_sent_at__isnull=True, abandon_at__isnull=False)
        if reminder_due(s.abandon_at) <= at
    )
    abandoned = sum(abandon_silent(s) for s in open_.filter(abandon_at__lte=at))
    return {"reminded": reminded, "abandoned": abandoned}


def sweep_field_tests() -> int:
    """Tell editor and agency, once, that a field test window passed without a session."""
    unreported = Candidature.objects.filter(
        status__in=ORGANISABLE,
        dispositif__field_test_session=True,
        instruction_record__field_test_missed_at__isnull=True,
    ).select_related("dispositif")
    missed = missed_field_tests(list(unreported), now())
    return sum(report_missed_field_test(c) for c in unreported.filter(pk__in=missed))
