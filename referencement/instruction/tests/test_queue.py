from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.instruction.actions import (
    answer_solicitation,
    ask_solicitation,
    start_instruction,
)
from referencement.instruction.queue import queue, with_positions

from .fixtures import assigned_everywhere, make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def _two_in_queue(catalogues, editor, editor_member, code="HOP-PFI-Va2"):
    dispositif = catalogues[code]
    first = make_candidature(
        dispositif,
        editor=editor,
        created_by=editor_member,
        queue_entered_at=datetime(2025, 3, 3, 9, tzinfo=PARIS),
        solution_name="Premier",
    )
    second = make_candidature(
        dispositif,
        editor=editor,
        created_by=editor_member,
        queue_entered_at=datetime(2025, 3, 4, 9, tzinfo=PARIS),
        solution_name="Second",
    )
    return first, second


def _positions(*candidatures):
    return [c.position for c in with_positions(list(candidatures))]


def test_queue_follows_the_order_of_reception_001_4_4(catalogues, editor, editor_member):
    first, second = _two_in_queue(catalogues, editor, editor_member)
    assert list(queue()) == [first, second]
    assert _positions(first, second) == [1, 2]


def test_instructor_assigns_themselves_by_starting_instruction(
    catalogues, editor, editor_member, instructor
):
    first, _ = _two_in_queue(catalogues, editor, editor_member)
    start_instruction(first, actor=instructor)
    first.refresh_from_db()
    assert first.status == S.IN_INSTRUCTION and first.instructor == instructor


def test_a_candidature_outside_the_queue_cannot_be_started(
    catalogues, editor, editor_member, instructor
):
    candidature = make_candidature(
        catalogues["HOP-PFI-Va2"],
        editor=editor,
        created_by=editor_member,
        status=S.ADMIN_ACCEPTED,
    )
    with pytest.raises(ValidationError):
        start_instruction(candidature, actor=instructor)


def test_only_instructors_start_an_instruction(catalogues, editor, editor_member, college_member):
    first, _ = _two_in_queue(catalogues, editor, editor_member)
    with pytest.raises(PermissionDenied):
        start_instruction(first, actor=college_member)


@time_machine.travel(datetime(2025, 3, 10, 10, tzinfo=PARIS), tick=False)
def test_answer_within_24_hours_keeps_the_queue_place_003_4_4(
    catalogues, editor, editor_member, instructor
):
    first, second = _two_in_queue(catalogues, editor, editor_member)
    start_instruction(first, actor=instructor)
    solicitation = ask_solicitation(first, "Précisez la version.", actor=instructor)
    with time_machine.travel(datetime(2025, 3, 11, 9, tzinfo=PARIS), tick=False):
        answer_solicitation(solicitation, "Version 4.2.1", actor=editor_member)
    first.refresh_from_db()
    assert first.queue_entered_at == datetime(2025, 3, 3, 9, tzinfo=PARIS)
    assert _positions(first, second) == [1, 2]


@time_machine.travel(datetime(2025, 3, 10, 10, tzinfo=PARIS), tick=False)
def test_late_answer_moves_the_candidature_behind_those_waiting_003_4_4(
    catalogues, editor, editor_member, instructor
):
    first, second = _two_in_queue(catalogues, editor, editor_member)
    start_instruction(first, actor=instructor)
    solicitation = ask_solicitation(first, "Précisez la version.", actor=instructor)
    answered_at = datetime(2025, 3, 11, 10, 1, tzinfo=PARIS)
    with time_machine.travel(answered_at, tick=False):
        answer_solicitation(solicitation, "Version 4.2.1", actor=editor_member)
    first.refresh_from_db()
    solicitation.refresh_from_db()
    assert solicitation.answered_in_time is False
    assert first.queue_entered_at == answered_at
    assert _positions(first, second) == [2, 1]


def test_queue_page_is_paginated_and_shows_waiting_time(
    client, catalogues, editor, editor_member, instructor
):
    dispositif = catalogues["HOP-PFI-Va2"]
    assigned_everywhere(instructor)
    start = datetime(2025, 1, 6, 9, tzinfo=PARIS)
    for n in range(27):
        make_candidature(
            dispositif,
            editor=editor,
            created_by=editor_member,
            evidence=0,
            queue_entered_at=start + timedelta(hours=n),
            solution_name=f"Solution {n:02d}",
        )
    login(client, instructor)
    page = client.get("/instruction/")
    assert page.status_code == 200
    assert "27 dossiers en file" in page.content.decode()
    assert "Solution 24" in page.content.decode() and "Solution 25" not in page.content.decode()
    assert "Solution 25" in client.get("/instruction/?page=2").content.decode()


def test_queue_page_is_for_agency_staff_only(client, editor_member):
    login(client, editor_member)
    assert client.get("/instruction/").status_code == 403


def test_queue_page_flags_a_passed_queue_guarantee_as_overdue_003_4_4(
    client, catalogues, editor, editor_member, instructor
):
    """003 §4.4: the queue place is kept if the editor answers within 24 hours; once that is
    past, the queue page says so instead of showing a plain date."""
    first, _ = _two_in_queue(catalogues, editor, editor_member)
    assigned_everywhere(instructor)
    with time_machine.travel(datetime(2025, 3, 10, 10, tzinfo=PARIS), tick=False):
        start_instruction(first, actor=instructor)
        ask_solicitation(first, "Précisez la version.", actor=instructor)
        login(client, instructor)
        in_time = client.get("/instruction/").content.decode()
    with time_machine.travel(datetime(2025, 3, 11, 11, tzinfo=PARIS), tick=False):
        login(client, instructor)
        late = client.get("/instruction/").content.decode()
    assert "Prochaine échéance" in in_time and "Dépassée" not in in_time
    assert "Dépassée" in late
