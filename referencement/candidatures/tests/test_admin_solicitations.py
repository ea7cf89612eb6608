"""Admin-phase solicitations: the deadline follows the dispositif (001 §4.3: 10 working
days; 003 §4.2, 004 §4.2: 5), lateness rejects (HOP) or is flagged (MS-DUI-Va2)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from referencement.audit.models import AuditEvent
from referencement.candidatures import actions
from referencement.candidatures.testing import draft, fill_dossier, load_catalogues
from referencement.core.errors import Conflict

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _at(*args) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=PARIS), tick=False)


def _submitted(code: str, member, when: tuple):
    load_catalogues()
    with _at(*when):
        candidature = fill_dossier(draft(code, member), member)
        actions.submit_dossier(candidature, actor=member)
    return candidature


def test_ms_dui_va2_gives_10_working_days_skipping_armistice_day(editor_member, instructor):
    candidature = _submitted("MS-DUI-Va2", editor_member, (2026, 9, 1, 9, 0))
    with _at(2026, 11, 4, 10, 0):  # Wednesday; 11/11/2026 is a public holiday
        solicitation = actions.send_admin_solicitation(
            candidature, actor=instructor, question="Merci de joindre le Kbis."
        )
    assert solicitation.due_at == datetime(2026, 11, 19, 10, 0, tzinfo=PARIS)


def test_hop_pfi_va2_gives_5_working_days_skipping_armistice_day(editor_member, instructor):
    candidature = _submitted("HOP-PFI-Va2", editor_member, (2024, 11, 1, 9, 0))
    with _at(2024, 11, 6, 10, 0):  # Wednesday; Monday 11/11/2024 is a public holiday
        solicitation = actions.send_admin_solicitation(
            candidature, actor=instructor, question="NIL manquant."
        )
    assert solicitation.due_at == datetime(2024, 11, 14, 10, 0, tzinfo=PARIS)


def test_late_answer_rejects_the_dossier_of_a_hop_dispositif(editor_member, instructor):
    candidature = _submitted("HOP-PFI-Va2", editor_member, (2024, 11, 1, 9, 0))
    with _at(2024, 11, 6, 10, 0):
        solicitation = actions.send_admin_solicitation(candidature, actor=instructor, question="?")
    with _at(2024, 11, 14, 9, 59):
        assert actions.sweep_admin_solicitations() == 0
    with _at(2024, 11, 14, 10, 0):
        assert actions.sweep_admin_solicitations() == 1
        assert actions.sweep_admin_solicitations() == 0  # idempotent
    candidature.refresh_from_db()
    solicitation.refresh_from_db()
    assert candidature.status == "admin_rejected"
    assert solicitation.status == "closed"
    assert AuditEvent.objects.filter(action="candidature.admin_rejected").count() == 1


def test_late_answer_is_only_flagged_for_ms_dui_va2(editor_member, instructor):
    candidature = _submitted("MS-DUI-Va2", editor_member, (2026, 9, 1, 9, 0))
    with _at(2026, 11, 4, 10, 0):
        solicitation = actions.send_admin_solicitation(candidature, actor=instructor, question="?")
    with _at(2026, 11, 20, 10, 0):
        assert actions.sweep_admin_solicitations() == 1
    candidature.refresh_from_db()
    solicitation.refresh_from_db()
    # 001 §4.3 « l'ANS se réserve le droit de rejeter »: the instructor decides.
    assert candidature.status == "admin_submitted"
    assert solicitation.status == "late"
    with _at(2026, 11, 21, 10, 0):
        actions.answer_solicitation(solicitation, actor=editor_member, answer="Voici le Kbis.")
    solicitation.refresh_from_db()
    assert solicitation.answered_in_time is False
    actions.accept_dossier(candidature, actor=instructor)
    assert candidature.status == "admin_accepted"


def test_only_agency_reviewers_send_solicitations(editor_member, instructor):
    candidature = _submitted("MS-DUI-Va2", editor_member, (2026, 9, 1, 9, 0))
    with pytest.raises(Exception, match="instructeurs"):
        actions.send_admin_solicitation(candidature, actor=editor_member, question="?")
    with _at(2026, 11, 4, 10, 0):
        actions.send_admin_solicitation(candidature, actor=instructor, question="?")
        with pytest.raises(Conflict):
            actions.send_admin_solicitation(candidature, actor=instructor, question="Encore ?")
