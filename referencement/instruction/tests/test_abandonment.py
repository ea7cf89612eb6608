from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from referencement.audit.models import AuditEvent
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.core.models import PeriodicRun
from referencement.core.worker import run_once
from referencement.instruction.actions import ask_solicitation, start_instruction

from .fixtures import make_candidature

PARIS = ZoneInfo("Europe/Paris")
ASKED = datetime(2027, 3, 1, 10, tzinfo=PARIS)  # MS-DUI-Va2, well before Date 3


def _run_worker_at(moment: datetime) -> None:
    PeriodicRun.objects.all().delete()  # every sweep due, as after its period
    with time_machine.travel(moment, tick=False):
        run_once("test-worker")
        run_once("test-worker")  # sends the e-mails the sweep queued


@pytest.mark.django_db(transaction=True)
def test_thirty_days_without_answer_abandon_the_candidature_by_the_sweep_twice_001_4_4(
    catalogues, editor, editor_member, instructor, smtp_server
):
    with time_machine.travel(ASKED, tick=False):
        candidature = make_candidature(
            catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
        )
        start_instruction(candidature, actor=instructor)
        ask_solicitation(candidature, "Merci de compléter la preuve.", actor=instructor)
    _run_worker_at(ASKED + timedelta(days=10))
    candidature.refresh_from_db()
    assert candidature.status == S.AWAITING_EDITOR

    # Reminder e-mail before the abandonment (26 days: 5 days before day 30 has passed).
    _run_worker_at(ASKED + timedelta(days=26))
    assert sum("Rappel" in text for text in smtp_server.texts()) == 1

    for _ in range(2):
        _run_worker_at(ASKED + timedelta(days=30, minutes=1))
        candidature.refresh_from_db()
        assert candidature.status == S.ABANDONED
    assert AuditEvent.objects.filter(action="candidature.abandoned").count() == 1
    texts = smtp_server.texts()
    assert sum("Candidature abandonnée" in text for text in texts) == 1
    assert sum("Rappel" in text for text in texts) == 1
