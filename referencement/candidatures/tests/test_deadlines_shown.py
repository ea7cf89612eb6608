"""The editor sees the next deadline with the rule it follows; an advisory date given without a
time (000 §4.1) is shown as a day, a funded Date 1 with its 12h00 (001 §4.2)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.candidatures import testing

pytestmark = pytest.mark.django_db


def test_advisory_date_without_time_is_shown_as_a_day_in_plain_french(
    client, catalogues, editor_admin
):
    with time_machine.travel(datetime(2025, 6, 2, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        candidature = testing.draft("MS2-DUI-PDE-Va1-SF", editor_admin)
        login(client, editor_admin)
        html = client.get(f"/candidatures/{candidature.pk}/").content.decode()
    assert "Date recommandée" in html and "01/07/2025" in html
    assert "23h59" not in html
    assert "Date 1 du calendrier du dispositif" in html
    assert "Charte de référencement" not in html


def test_funded_date_1_is_shown_with_its_time(client, catalogues, editor_admin):
    with time_machine.travel(datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        candidature = testing.draft("MS-DUI-Va2", editor_admin)
        login(client, editor_admin)
        html = client.get(f"/candidatures/{candidature.pk}/").content.decode()
    assert "Date limite" in html and "01/10/2026 à 12h00" in html
