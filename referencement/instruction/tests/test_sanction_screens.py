"""Suspension, lifting and exclusion for breach of the charter from the candidature's page
(issue 12 item 6; 000 §4.4, 002 §4.4, 004 §4.8): agency admins only, each behind a
confirmation page, motivated, and the reason shown to the editor."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.instruction.actions import start_instruction

from .fixtures import make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
BEFORE_DATE_2 = datetime(2027, 5, 6, 10, tzinfo=PARIS)  # 001 §4.2 (MS-DUI-Va2)


@pytest.fixture
@time_machine.travel(BEFORE_DATE_2, tick=False)
def in_instruction(catalogues, editor, editor_member, instructor):
    dispositif = catalogues["MS-DUI-Va2"]
    candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
    start_instruction(candidature, actor=instructor)
    return candidature


def _url(candidature, kind: str) -> str:
    return f"/instruction/{candidature.pk}/charte/{kind}/"


def _status(candidature) -> str:
    candidature.refresh_from_db()
    return candidature.status


def test_the_agency_admin_is_offered_suspension_and_exclusion_on_the_page_000_4_4(
    client, in_instruction, agency_admin
):
    login(client, agency_admin)
    page = client.get(f"/candidatures/{in_instruction.pk}/").content.decode()
    assert f'href="{_url(in_instruction, "suspendre")}"' in page
    assert f'href="{_url(in_instruction, "exclure")}"' in page
    assert f'href="{_url(in_instruction, "lever")}"' not in page


def test_suspension_is_confirmed_motivated_then_lifted_000_4_4(
    client, in_instruction, agency_admin, editor_member
):
    login(client, agency_admin)
    confirmation = client.get(_url(in_instruction, "suspendre")).content.decode()
    assert "Suspendre la candidature ?" in confirmation
    assert "Oui, suspendre la candidature" in confirmation and 'name="reason"' in confirmation
    assert _status(in_instruction) == S.IN_INSTRUCTION

    refused = client.post(_url(in_instruction, "suspendre"), {"reason": " "})
    assert "Le motif est obligatoire" in refused.content.decode()
    assert _status(in_instruction) == S.IN_INSTRUCTION

    response = client.post(
        _url(in_instruction, "suspendre"), {"reason": "Données de santé réelles transmises"}
    )
    assert response.status_code == 302
    assert _status(in_instruction) == S.SUSPENDED
    page = client.get(f"/candidatures/{in_instruction.pk}/").content.decode()
    assert f'href="{_url(in_instruction, "lever")}"' in page
    assert f'href="{_url(in_instruction, "suspendre")}"' not in page

    client.post(_url(in_instruction, "lever"))
    assert _status(in_instruction) == S.IN_INSTRUCTION

    login(client, editor_member)
    page = client.get(f"/candidatures/{in_instruction.pk}/").content.decode()
    assert "Candidature suspendue pour non-respect de la charte" in page
    assert "Données de santé réelles transmises" in page


def test_exclusion_is_final_and_its_reason_is_shown_to_the_editor_000_4_4_004_4_8(
    client, in_instruction, agency_admin, editor_member
):
    login(client, agency_admin)
    confirmation = client.get(_url(in_instruction, "exclure")).content.decode()
    assert "Décision définitive" in confirmation
    client.post(_url(in_instruction, "exclure"), {"reason": "Preuves non sincères"})
    assert _status(in_instruction) == S.EXCLUDED
    page = client.get(f"/candidatures/{in_instruction.pk}/").content.decode()
    assert "/charte/" not in page
    refused = client.post(_url(in_instruction, "suspendre"), {"reason": "Encore"})
    assert "Impossible dans l" in refused.content.decode()

    login(client, editor_member)
    page = client.get(f"/candidatures/{in_instruction.pk}/").content.decode()
    assert "Candidature exclue du processus pour non-respect de la charte" in page
    assert "Preuves non sincères" in page


def test_only_an_agency_admin_suspends_000_4_4(
    client, in_instruction, instructor, editor_member, other_editor_member
):
    for user in (instructor, editor_member, other_editor_member):
        login(client, user)
        page = client.get(f"/candidatures/{in_instruction.pk}/")
        assert "/charte/" not in page.content.decode()
        response = client.post(_url(in_instruction, "suspendre"), {"reason": "Motif"})
        assert response.status_code == 403
    assert _status(in_instruction) == S.IN_INSTRUCTION


def test_another_editor_never_reads_the_sanctioned_candidature_000_4_4(
    client, in_instruction, agency_admin, other_editor_member
):
    login(client, agency_admin)
    client.post(_url(in_instruction, "suspendre"), {"reason": "Données réelles"})
    login(client, other_editor_member)
    assert client.get(f"/candidatures/{in_instruction.pk}/").status_code == 404


def test_an_unknown_sanction_is_not_found(client, in_instruction, agency_admin):
    login(client, agency_admin)
    assert client.get(_url(in_instruction, "effacer")).status_code == 404
