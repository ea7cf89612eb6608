from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.instruction.actions import (
    answer_solicitation,
    ask_solicitation,
    complete_instruction,
    give_verdict,
    start_instruction,
)
from referencement.instruction.choices import VerdictValue
from referencement.instruction.tests.fixtures import latest_versions, make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
T0 = datetime(2025, 3, 3, 9, tzinfo=PARIS)


def test_dashboard_shows_figures_beside_inline_svg_charts_and_exports_csv(
    client, catalogues, editor, editor_member, instructor, agency_admin
):
    dispositif = catalogues["HOP-PFI-Va2"]
    with time_machine.travel(T0, tick=False):
        candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
        make_candidature(dispositif, editor=editor, created_by=editor_member)
        start_instruction(candidature, actor=instructor)
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        solicitation = ask_solicitation(candidature, "Question", actor=instructor)
    with time_machine.travel(T0 + timedelta(hours=40), tick=False):
        answer_solicitation(solicitation, "Réponse", actor=editor_member)
    with time_machine.travel(T0 + timedelta(hours=43), tick=False):
        for version in latest_versions(candidature):
            give_verdict(version, VerdictValue.CONFORME, actor=instructor)
        complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
        login(client, agency_admin)
        page = client.get("/agence/tableau-de-bord/").content.decode()
        csv_text = client.get("/agence/tableau-de-bord.csv").content.decode("utf-8-sig")
    assert "<svg" in page and "cdn" not in page.lower()
    assert "5 h 00 min" in page  # 2 h before the demand + 3 h after the answer
    assert "HOP-PFI-Va2;sollicitations répondues hors délai;1" in csv_text
    assert "HOP-PFI-Va2;file d'attente d'instruction;1" in csv_text
    assert "HOP-PFI-Va2;temps d'instruction médian (heures);5.0" in csv_text


def test_dashboard_is_for_agency_admins_only(client, instructor):
    login(client, instructor)
    assert client.get("/agence/tableau-de-bord/").status_code == 403
