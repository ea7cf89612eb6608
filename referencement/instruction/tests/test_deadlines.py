"""Queue guarantees and abandonment dates, computed by the calendar with French holidays."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from referencement.catalog.choices import DelayUnit
from referencement.instruction.actions import ask_solicitation, start_instruction
from referencement.instruction.rules import abandonment_due, queue_guarantee_due

from .fixtures import make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_24_hour_guarantee_across_a_weekend_is_24_elapsed_hours_004_4_4(catalogues):
    friday = datetime(2025, 7, 11, 16, 30, tzinfo=PARIS)
    due = queue_guarantee_due(catalogues["HOP-DPI-Va1"], friday)
    assert due == datetime(2025, 7, 12, 16, 30, tzinfo=PARIS)  # Saturday: hours, not days


def test_working_day_guarantee_skips_the_weekend_and_14_july(catalogues):
    # 000 §4.1 parameters are assumptions the agency may change (DESIGN §3): here to
    # 2 working days. Friday 11/07/2025 + 2 working days skips Sat, Sun and Monday 14 July.
    dispositif = catalogues["MS2-DUI-PDE-Va1-SF"]
    dispositif.queue_guarantee_delay, dispositif.queue_guarantee_unit = 2, DelayUnit.WORKING_DAYS
    due = queue_guarantee_due(dispositif, datetime(2025, 7, 11, 10, tzinfo=PARIS))
    assert due == datetime(2025, 7, 16, 10, tzinfo=PARIS)


def test_ten_day_guarantee_of_ms_dui_va2_counts_calendar_days_across_14_july_001_4_4(
    catalogues,
):
    due = queue_guarantee_due(catalogues["MS-DUI-Va2"], datetime(2027, 7, 9, 12, tzinfo=PARIS))
    assert due == datetime(2027, 7, 19, 12, tzinfo=PARIS)


def test_abandonment_after_30_days_keeps_the_paris_wall_clock_across_dst_001_4_4(catalogues):
    asked = datetime(2027, 10, 15, 12, tzinfo=PARIS)
    assert abandonment_due(catalogues["MS-DUI-Va2"], asked) == datetime(
        2027, 11, 14, 12, tzinfo=PARIS
    )


@time_machine.travel(datetime(2025, 7, 11, 16, 30, tzinfo=PARIS), tick=False)
def test_solicitation_records_its_guarantee_and_abandonment_dates(
    catalogues, editor, editor_member, instructor
):
    candidature = make_candidature(
        catalogues["HOP-PFI-Va2"], editor=editor, created_by=editor_member
    )
    start_instruction(candidature, actor=instructor)
    solicitation = ask_solicitation(candidature, "Merci de préciser.", actor=instructor)
    assert solicitation.due_at == datetime(2025, 7, 12, 16, 30, tzinfo=PARIS)
    assert solicitation.abandon_at == datetime(2025, 8, 10, 16, 30, tzinfo=PARIS)
