from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.choices import SolicitationStatus
from referencement.instruction.actions import (
    answer_solicitation,
    ask_solicitation,
    close_exchanges,
    start_instruction,
)
from referencement.instruction.queries import clock
from referencement.notifications.models import Notification

from .fixtures import make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
BEFORE_DATE_3 = datetime(2025, 9, 1, 9, tzinfo=PARIS)  # HOP-PFI-Va2 Date 3: 25/09/2025 12:00


@pytest.fixture
def in_instruction(catalogues, editor, editor_member, instructor):
    with time_machine.travel(BEFORE_DATE_3, tick=False):
        candidature = make_candidature(
            catalogues["HOP-PFI-Va2"], editor=editor, created_by=editor_member
        )
        start_instruction(candidature, actor=instructor)
    return candidature


def test_the_clock_stops_while_waiting_for_the_editor_004_4_4(
    in_instruction, instructor, editor_member
):
    with time_machine.travel(BEFORE_DATE_3 + timedelta(hours=2), tick=False):
        solicitation = ask_solicitation(in_instruction, "Question", actor=instructor)
    with time_machine.travel(BEFORE_DATE_3 + timedelta(hours=20), tick=False):
        answer_solicitation(solicitation, "Réponse", actor=editor_member)
    with time_machine.travel(BEFORE_DATE_3 + timedelta(hours=23), tick=False):
        assert clock(in_instruction) == timedelta(hours=5)


def test_the_editor_is_notified_with_the_deadline(in_instruction, instructor, editor_member):
    with time_machine.travel(BEFORE_DATE_3, tick=False):
        solicitation = ask_solicitation(in_instruction, "Question", actor=instructor)
    notification = Notification.objects.get(
        recipient=editor_member, kind="instruction.solicitation"
    )
    assert notification.deadline == solicitation.due_at
    assert "Question" in notification.body


def test_no_solicitation_after_date_3_001_4_4(in_instruction, instructor):
    with time_machine.travel(datetime(2025, 9, 25, 12, 1, tzinfo=PARIS), tick=False):
        with pytest.raises(ValidationError, match="Date 3"):
            ask_solicitation(in_instruction, "Question", actor=instructor)


def test_no_answer_after_date_3_and_the_instructor_finalises_001_4_4(
    in_instruction, instructor, editor_member
):
    with time_machine.travel(datetime(2025, 9, 24, 12, tzinfo=PARIS), tick=False):
        solicitation = ask_solicitation(in_instruction, "Question", actor=instructor)
    with time_machine.travel(datetime(2025, 9, 25, 12, 1, tzinfo=PARIS), tick=False):
        with pytest.raises(ValidationError, match="Date 3"):
            answer_solicitation(solicitation, "Trop tard", actor=editor_member)
        close_exchanges(in_instruction, actor=instructor)
    solicitation.refresh_from_db()
    in_instruction.refresh_from_db()
    assert solicitation.status == SolicitationStatus.CLOSED
    assert in_instruction.status == S.IN_INSTRUCTION


def test_only_the_candidatures_editor_answers(in_instruction, instructor, other_editor_member):
    with time_machine.travel(BEFORE_DATE_3, tick=False):
        solicitation = ask_solicitation(in_instruction, "Question", actor=instructor)
        with pytest.raises(PermissionDenied):
            answer_solicitation(solicitation, "Réponse", actor=other_editor_member)


def test_the_editor_answers_from_the_thread_of_the_candidature(
    client, in_instruction, instructor, editor_member
):
    with time_machine.travel(BEFORE_DATE_3, tick=False):
        solicitation = ask_solicitation(in_instruction, "Quelle version ?", actor=instructor)
        login(client, editor_member)
        thread = f"/candidatures/{in_instruction.pk}/echanges/"
        assert "Quelle version ?" in client.get(thread).content.decode()
        url = f"/mes-candidatures/{in_instruction.pk}/instruction/"
        client.post(f"{url}sollicitations/{solicitation.pk}/repondre/", {"answer": "La 4.2.1"})
    solicitation.refresh_from_db()
    assert solicitation.answer == "La 4.2.1"
    assert solicitation.status == SolicitationStatus.ANSWERED


def test_another_editor_gets_404_on_the_instruction_page(
    client, in_instruction, other_editor_member
):
    login(client, other_editor_member)
    assert client.get(f"/mes-candidatures/{in_instruction.pk}/instruction/").status_code == 404
