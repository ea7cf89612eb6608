"""Past sittings with no dossier are closed as « non tenue » (issue 10 item 8), by the
periodic sweep or by hand, audited; the list shows the next sitting first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.audit.models import AuditEvent
from referencement.college.choices import SessionStatus
from referencement.college.models import CollegeSession
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.sweeps import close_unheld_sessions

from .test_confirmations import SITTING_DAY, agenda  # noqa: F401

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_the_sweep_closes_past_empty_sittings_as_not_held_once_and_audits_it(db):
    stale = CollegeSession.objects.create(sits_at=datetime(2024, 5, 2, 14, tzinfo=PARIS))
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=PARIS), tick=False):
        ensure_sessions_ahead()
        assert close_unheld_sessions() == 1
        assert close_unheld_sessions() == 0
    stale.refresh_from_db()
    assert stale.status == SessionStatus.NOT_HELD
    assert CollegeSession.objects.filter(status=SessionStatus.PLANNED).count() == 4
    event = AuditEvent.objects.get(action="college.session_not_held")
    assert event.subject_id == str(stale.pk) and event.actor_label == "système"


def test_a_sitting_with_a_dossier_on_its_agenda_is_never_closed_as_not_held(
    agenda,  # noqa: F811
):
    session, _ = agenda
    with time_machine.travel(datetime(2022, 3, 20, 9, tzinfo=PARIS), tick=False):
        close_unheld_sessions()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_a_past_empty_sitting_is_marked_not_held_by_hand_after_a_confirmation(
    client, college_member
):
    session = CollegeSession.objects.create(sits_at=datetime(2026, 11, 19, 14, tzinfo=PARIS))
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=PARIS), tick=False):
        login(client, college_member)
        assert "comme non tenue" in client.get(f"/college/seances/{session.pk}/").content.decode()
        url = f"/college/seances/{session.pk}/non-tenue/"
        assert "close sans procès-verbal" in client.post(url).content.decode()
        session.refresh_from_db()
        assert session.status == SessionStatus.PLANNED
        client.post(url, {"confirm": "oui"})
    session.refresh_from_db()
    assert session.status == SessionStatus.NOT_HELD


def test_stale_planned_sittings_no_longer_sit_above_the_next_one(client, college_member):
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=PARIS), tick=False):
        ensure_sessions_ahead()
        CollegeSession.objects.create(sits_at=datetime(2023, 1, 5, 14, tzinfo=PARIS))
        login(client, college_member)
        html = client.get("/college/").content.decode()
    assert html.index("26/11/2026") < html.index("05/01/2023")
