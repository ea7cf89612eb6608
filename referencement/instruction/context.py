"""What the agency and the editor pages of a candidature under instruction show."""

from __future__ import annotations

from referencement.candidatures.choices import SolicitationPhase
from referencement.catalog.calendar import now

from .models import FieldTestSession, InstructionRecord
from .queries import clock, field_test_requirements, format_duration
from .queue import with_positions
from .rules import exchanges_closed, field_test_deadline


def instruction_context(candidature) -> dict:
    record = InstructionRecord.objects.filter(candidature=candidature).first()
    dispositif = candidature.dispositif
    return {
        "candidature": candidature,
        "position": with_positions([candidature])[0].position,
        "solicitations": candidature.solicitations.filter(phase=SolicitationPhase.INSTRUCTION),
        "clock": format_duration(clock(candidature)),
        "record": record,
        "exchanges_closed": exchanges_closed(dispositif),
        "date_3": dispositif.milestone(3),
        "field_test_deadline": (
            field_test_deadline(dispositif, record.started_at) if record else None
        ),
        "field_tests": FieldTestSession.objects.filter(candidature=candidature).prefetch_related(
            "results__requirement"
        ),
        "field_test_requirements": list(field_test_requirements(candidature)),
        "now": now(),
    }
