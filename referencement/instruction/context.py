"""What the agency and the editor pages of a candidature under instruction show."""

from __future__ import annotations

from referencement.candidatures.choices import SolicitationPhase
from referencement.catalog.calendar import now

from .field_test_queries import missed_field_tests
from .field_test_rules import AFTER_MISSED_HYPOTHESIS, MISSED, PENDING, window_label
from .models import FieldTestSession, InstructionRecord
from .queries import clock, field_test_requirements, format_duration
from .queue import with_positions
from .rules import exchanges_closed, field_test_deadline


def instruction_context(candidature) -> dict:
    record = InstructionRecord.objects.filter(candidature=candidature).first()
    dispositif = candidature.dispositif
    reviewed = list(field_test_requirements(candidature))
    sessions = FieldTestSession.objects.filter(candidature=candidature).prefetch_related(
        "results__requirement"
    )
    deadline = field_test_deadline(dispositif, record.started_at) if record and reviewed else None
    at = now()
    missed = candidature.pk in missed_field_tests([candidature], at)
    return {
        "candidature": candidature,
        "position": with_positions([candidature])[0].position,
        "solicitations": candidature.solicitations.filter(phase=SolicitationPhase.INSTRUCTION),
        "clock": format_duration(clock(candidature)),
        "record": record,
        "exchanges_closed": exchanges_closed(dispositif),
        "date_3": dispositif.milestone(3),
        "field_test_deadline": deadline,
        "field_test_window": window_label(dispositif) if deadline else "",
        "field_tests": sessions,
        "field_test_pending": any(s.status in PENDING for s in sessions),
        "field_test_requirements": reviewed,
        "field_test_missed": MISSED if missed else "",
        "field_test_after_missed": AFTER_MISSED_HYPOTHESIS,
        "now": at,
    }
