"""The candidature page shows the evidence dossier's « Preuves » button and its progress per
chapter once the administrative dossier is accepted (001 §4.4): panels the evidence app
registers, which candidatures renders without importing evidence (issue 12 « Shape »)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.html import escape

from conftest import login
from referencement.candidatures.testing import accepted, draft, load_catalogues
from referencement.evidence import actions
from referencement.evidence.expected import chapter_progress

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _at(*args) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=PARIS), tick=False)


def test_accepted_candidature_page_links_the_evidence_and_shows_each_chapter_progress_001_4_4(
    client, editor_member, instructor
):
    load_catalogues()
    with _at(2026, 9, 1, 9, 0):
        candidature = accepted("MS-DUI-Va2", editor_member, instructor)
        first = next(p for p in chapter_progress(candidature) if p.chapter)
        actions.deposit(candidature, first.items[0].code, actor=editor_member, text="exécution 1")
        login(client, editor_member)
        page = client.get(f"/candidatures/{candidature.pk}/").content.decode()

    assert f'href="/candidatures/{candidature.pk}/preuves/">Preuves</a>' in page
    assert "<h2>Avancement des preuves</h2>" in page
    assert f"<strong>{escape(first.title)}</strong> : 1 / {first.required} preuve" in page


def test_draft_candidature_page_has_no_evidence_button_nor_progress_001_4_4(client, editor_member):
    load_catalogues()
    with _at(2026, 9, 1, 9, 0):
        candidature = draft("MS-DUI-Va2", editor_member)
        login(client, editor_member)
        page = client.get(f"/candidatures/{candidature.pk}/").content.decode()

    assert "/preuves/" not in page
    assert "Avancement des preuves" not in page
