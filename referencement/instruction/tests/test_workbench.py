"""The instruction workbench (issue 10 item 3): chapters with counts, the « non jugées »
filter, verdicts saved with htmx or a plain POST, « tout le chapitre conforme » behind a
confirmation, and a constant number of queries."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.college.models import AgendaItem, CollegeSession
from referencement.evidence.choices import ConformityStatus
from referencement.evidence.models import EvidenceVersion
from referencement.files.models import Blob
from referencement.instruction.actions import (
    ask_solicitation,
    complete_instruction,
    give_verdict,
    record_opening,
    start_instruction,
)
from referencement.instruction.choices import VerdictValue
from referencement.instruction.models import InstructionRecord, OpenedVersion, Verdict

from .fixtures import latest_versions, make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def _in_instruction(catalogues, editor, editor_member, instructor, evidence=3):
    with time_machine.travel(datetime(2027, 3, 1, 10, tzinfo=PARIS), tick=False):
        candidature = make_candidature(
            catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member, evidence=evidence
        )
        start_instruction(candidature, actor=instructor)
    return candidature


@pytest.fixture
def in_instruction(catalogues, editor, editor_member, instructor):
    return _in_instruction(catalogues, editor, editor_member, instructor)


def _page(client, candidature, query: str = "") -> str:
    return client.get(f"/instruction/{candidature.pk}/{query}").content.decode()


def _chapter_key(candidature) -> str:
    return str(latest_versions(candidature)[0].evidence.spec.scenario.requirement.chapter_id)


def test_the_verdict_select_is_empty_by_default_so_an_unjudged_item_never_looks_judged(
    client, in_instruction, instructor
):
    login(client, instructor)
    page = _page(client, in_instruction)
    selects = re.findall(r"<select[^>]*name=\"value\".*?</select>", page, re.S)
    assert len(selects) == 3
    for select in selects:
        assert re.search(r'<option value="" selected>', select)
        assert 'value="conforme" selected' not in select


def test_each_item_shows_its_requirement_scenario_and_expected_proof_or_says_unpublished(
    client, in_instruction, instructor
):
    first = latest_versions(in_instruction)[0].evidence.spec
    first.text = "Capture de l'écran d'identité"
    first.save()
    first.scenario.requirement.text = "Le logiciel affiche l'INS qualifiée."
    first.scenario.requirement.save()
    login(client, instructor)
    page = _page(client, in_instruction)
    assert "Le logiciel affiche l&#x27;INS qualifiée." in page
    assert "Capture de l&#x27;écran d&#x27;identité" in page
    assert "énoncé non publié" in page
    assert first.scenario.requirement.code in page and "INS-01" in page


def test_chapters_are_listed_with_their_counts_per_state(client, in_instruction, instructor):
    first, second, third = latest_versions(in_instruction)[:3]
    give_verdict(first, VerdictValue.CONFORME, actor=instructor)
    give_verdict(second, VerdictValue.NON_CONFORME, "Capture floue", actor=instructor)
    login(client, instructor)
    page = _page(client, in_instruction, f"?chapitre={_chapter_key(in_instruction)}")
    assert "fr-sidemenu" in page
    assert "1 à juger · 1 conforme · 1 non conforme · 0 en attente de l'éditeur" in page


def test_the_unjudged_filter_shows_only_the_items_left_to_judge(client, in_instruction, instructor):
    first, second, third = latest_versions(in_instruction)[:3]
    give_verdict(first, VerdictValue.CONFORME, actor=instructor)
    login(client, instructor)
    key = _chapter_key(in_instruction)
    page = _page(client, in_instruction, f"?chapitre={key}&non_jugees=1")
    assert f'id="preuve-{first.evidence_id}"' not in page
    assert f'id="preuve-{second.evidence_id}"' in page
    assert f'id="preuve-{third.evidence_id}"' in page


def test_a_verdict_sent_with_htmx_returns_the_item_and_the_chapter_counts_not_a_page(
    client, in_instruction, instructor
):
    version = latest_versions(in_instruction)[1]
    login(client, instructor)
    response = client.post(
        f"/instruction/{in_instruction.pk}/versions/{version.pk}/avis/",
        {"value": "conforme", "chapitre": _chapter_key(in_instruction)},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'id="preuve-{version.evidence_id}"' in body
    assert 'id="chapitres" hx-swap-oob="true"' in body
    assert "1 conforme" in body and "Avis enregistré" in body
    assert Verdict.objects.get(version=version).value == VerdictValue.CONFORME


def test_a_refused_verdict_sent_with_htmx_shows_its_reason_on_the_item(
    client, in_instruction, instructor
):
    version = latest_versions(in_instruction)[0]
    login(client, instructor)
    body = client.post(
        f"/instruction/{in_instruction.pk}/versions/{version.pk}/avis/",
        {"value": "non_conforme", "comment": ""},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "doit être motivé" in body
    assert not Verdict.objects.filter(version=version).exists()


def test_without_javascript_a_verdict_returns_to_the_same_chapter_page_and_item(
    client, in_instruction, instructor
):
    version = latest_versions(in_instruction)[2]
    key = _chapter_key(in_instruction)
    login(client, instructor)
    response = client.post(
        f"/instruction/{in_instruction.pk}/versions/{version.pk}/avis/",
        {"value": "conforme", "chapitre": key, "non_jugees": "1", "page": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"/instruction/{in_instruction.pk}/?chapitre={key}&non_jugees=1&page=1"
        f"#preuve-{version.evidence_id}"
    )


def test_items_of_a_long_chapter_are_paginated(
    client, catalogues, editor, editor_member, instructor
):
    candidature = _in_instruction(catalogues, editor, editor_member, instructor, evidence=30)
    login(client, instructor)
    key = _chapter_key(candidature)
    first_page = _page(client, candidature, f"?chapitre={key}")
    second_page = _page(client, candidature, f"?chapitre={key}&page=2")
    assert first_page.count('class="ref-item') == 25
    assert second_page.count('class="ref-item') == 5


def _as_file(version, status: str = ConformityStatus.NOT_APPLICABLE) -> None:
    """Turn a text deposit of the fixtures into a file deposit the instructor must open."""
    blob = Blob.objects.create(sha256=f"{version.pk:064d}", size=10, content_type="image/png")
    EvidenceVersion.objects.filter(pk=version.pk).update(
        blob=blob, filename="capture.png", conformity_status=status
    )


def test_whole_chapter_conforme_covers_only_opened_or_automatically_checked_versions(
    client, in_instruction, instructor
):
    first, second, third = latest_versions(in_instruction)[:3]
    _as_file(first)
    _as_file(second, ConformityStatus.PASSED)
    _as_file(third, ConformityStatus.FAILED)
    record_opening(first, actor=instructor)
    key = _chapter_key(in_instruction)
    login(client, instructor)
    url = f"/instruction/{in_instruction.pk}/chapitres/{key}/conforme/"
    confirmation = client.get(url).content.decode()
    assert "Ces 2 preuves seront jugées conformes" in confirmation
    assert "1 autre preuve à juger" in confirmation
    assert not Verdict.objects.exists()
    client.post(url, {"confirm": "oui"})
    assert set(Verdict.objects.values_list("version_id", flat=True)) == {first.pk, second.pk}


def test_whole_chapter_conforme_without_confirmation_changes_nothing(
    client, in_instruction, instructor
):
    login(client, instructor)
    client.post(
        f"/instruction/{in_instruction.pk}/chapitres/{_chapter_key(in_instruction)}/conforme/"
    )
    assert not Verdict.objects.exists()


def test_the_college_reads_the_workbench_of_a_dossier_on_its_agenda_without_verdict_forms(
    client, in_instruction, college_member
):
    session = CollegeSession.objects.create(sits_at=datetime(2027, 6, 3, 14, tzinfo=PARIS))
    AgendaItem.objects.create(session=session, candidature=in_instruction)
    login(client, college_member)
    page = _page(client, in_instruction)
    assert "lecture seule" in page and "Enregistrer l&#x27;avis" not in page
    assert "Enregistrer l'avis" not in page
    version = latest_versions(in_instruction)[0]
    client.post(
        f"/instruction/{in_instruction.pk}/versions/{version.pk}/avis/", {"value": "conforme"}
    )
    assert not Verdict.objects.exists()


def test_closing_the_instruction_needs_the_instructors_written_proposal(
    client, in_instruction, instructor
):
    for version in latest_versions(in_instruction):
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    with pytest.raises(ValidationError, match="proposition"):
        complete_instruction(in_instruction, proposal="  ", actor=instructor)
    login(client, instructor)
    client.post(
        f"/instruction/{in_instruction.pk}/terminer/",
        {"proposal": "Preuves conformes : attribution proposée."},
    )
    in_instruction.refresh_from_db()
    assert in_instruction.status == S.INSTRUCTED
    record = InstructionRecord.objects.get(candidature=in_instruction)
    assert record.proposal == "Preuves conformes : attribution proposée."


def test_counts_use_french_plurals_zero_and_one_take_the_singular(
    client, in_instruction, instructor
):
    login(client, instructor)
    page = _page(client, in_instruction, f"?chapitre={_chapter_key(in_instruction)}")
    assert "3 à juger · 0 conforme · 0 non conforme" in page


def test_the_workbench_runs_a_constant_number_of_queries_whatever_the_dossier_size(
    client, catalogues, editor, editor_member, instructor
):
    small = _in_instruction(catalogues, editor, editor_member, instructor, evidence=3)
    large = _in_instruction(catalogues, editor, editor_member, instructor, evidence=40)
    for candidature in (small, large):
        give_verdict(latest_versions(candidature)[0], VerdictValue.CONFORME, actor=instructor)
    login(client, instructor)
    counts = []
    for candidature in (small, large):
        _page(client, candidature)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/instruction/{candidature.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_preview_link_records_that_the_agency_opened_the_version(
    client, in_instruction, instructor
):
    version = latest_versions(in_instruction)[0]
    login(client, instructor)
    response = client.get(f"/instruction/{in_instruction.pk}/versions/{version.pk}/ouvrir/")
    assert (
        response["Location"]
        == f"/candidatures/{in_instruction.pk}/preuves/versions/{version.pk}/voir/"
    )
    assert OpenedVersion.objects.filter(version=version, opened_by=instructor).exists()


def test_a_college_member_reads_only_the_workbench_of_a_dossier_on_an_agenda(
    client, in_instruction, college_member
):
    login(client, college_member)
    assert client.get(f"/instruction/{in_instruction.pk}/").status_code == 404


def test_a_missed_queue_guarantee_is_marked_depassee_with_what_follows_001_4_4(
    client, in_instruction, instructor
):
    with time_machine.travel(datetime(2027, 3, 1, 11, tzinfo=PARIS), tick=False):
        ask_solicitation(in_instruction, "Précisez le scénario.", actor=instructor)
    with time_machine.travel(datetime(2027, 3, 5, 11, tzinfo=PARIS), tick=False):
        login(client, instructor)
        page = _page(client, in_instruction)
        assert "Place en file garantie" in page and "Dépassée" not in page
    with time_machine.travel(datetime(2027, 3, 20, 11, tzinfo=PARIS), tick=False):
        login(client, instructor)
        page = _page(client, in_instruction)
    assert "Dépassée" in page and "fait perdre la place dans la file" in page
