from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import UserFactory, login
from referencement.accounts.choices import Role
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.evidence.models import Evidence
from referencement.instruction.actions import (
    complete_instruction,
    give_verdict,
    start_instruction,
)
from referencement.instruction.choices import VerdictValue
from referencement.instruction.models import Verdict

from .fixtures import deposit, latest_versions, make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


@pytest.fixture
def in_instruction(catalogues, editor, editor_member, instructor):
    with time_machine.travel(datetime(2027, 3, 1, 10, tzinfo=PARIS), tick=False):
        candidature = make_candidature(
            catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
        )
        start_instruction(candidature, actor=instructor)
    return candidature


def test_non_conforme_needs_a_comment_the_editor_reads(
    client, in_instruction, instructor, editor_member
):
    version = latest_versions(in_instruction)[0]
    with pytest.raises(ValidationError):
        give_verdict(version, VerdictValue.NON_CONFORME, "", actor=instructor)
    give_verdict(version, VerdictValue.NON_CONFORME, "Capture illisible", actor=instructor)
    login(client, editor_member)
    page = client.get(f"/mes-candidatures/{in_instruction.pk}/instruction/").content.decode()
    assert "Non conforme" in page and "Capture illisible" in page


def test_the_agency_page_shows_the_automatic_conformity_report_beside_the_verdict(
    client, in_instruction, instructor
):
    login(client, instructor)
    page = client.get(f"/instruction/{in_instruction.pk}/").content.decode()
    assert "INS-01" in page and "Enregistrer l'avis" in page


def test_instruction_completes_only_when_every_evidence_is_conforme(
    in_instruction, instructor, editor_member
):
    first, second, *extras = latest_versions(in_instruction)
    for version in (first, *extras):
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    give_verdict(second, VerdictValue.NON_CONFORME, "Scénario incomplet", actor=instructor)
    with pytest.raises(ValidationError):
        complete_instruction(in_instruction, proposal="Attribution proposée.", actor=instructor)
    newer = deposit(second.evidence, editor_member)
    with pytest.raises(ValidationError, match="plus récente"):
        give_verdict(second, VerdictValue.CONFORME, actor=instructor)
    give_verdict(newer, VerdictValue.CONFORME, actor=instructor)
    complete_instruction(in_instruction, proposal="Attribution proposée.", actor=instructor)
    in_instruction.refresh_from_db()
    assert in_instruction.status == S.INSTRUCTED
    assert in_instruction.convention.draft_sha256


def test_cnda_pre_examination_report_stands_in_after_date_3_001_4_4(
    catalogues, in_instruction, instructor, editor_member
):
    cnda = Evidence.objects.get(
        candidature=in_instruction, extra=catalogues["MS-DUI-Va2"].extra_evidence.get(code="CNDA")
    )
    report = deposit(cnda, editor_member, "Compte-rendu de pré-examen")
    give_verdict(report, VerdictValue.DEROGATION, actor=instructor)
    for version in latest_versions(in_instruction)[:2]:
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    with pytest.raises(ValidationError, match="dérogation"):
        give_verdict(latest_versions(in_instruction)[0], VerdictValue.DEROGATION, actor=instructor)
    # After Date 3 (15/03/2028 12:00) the homologation attestation may still be judged...
    with time_machine.travel(datetime(2028, 4, 2, 10, tzinfo=PARIS), tick=False):
        attestation = deposit(cnda, editor_member, "Attestation d'homologation")
        give_verdict(attestation, VerdictValue.CONFORME, actor=instructor)
        # ...but not another evidence deposited after Date 3.
        late = deposit(latest_versions(in_instruction)[0].evidence, editor_member)
        with pytest.raises(ValidationError, match="Date 3"):
            give_verdict(late, VerdictValue.CONFORME, actor=instructor)


def test_each_verdict_form_has_its_own_field_ids_so_labels_name_the_right_field(
    client, in_instruction, instructor
):
    import re

    login(client, instructor)
    page = client.get(f"/instruction/{in_instruction.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # The workbench opens on the first chapter: the fixture's two specs.
    assert page.count('name="value"') == len(
        [v for v in latest_versions(in_instruction) if v.evidence.spec_id]
    )


def test_a_verdict_recorded_meanwhile_is_not_silently_replaced_001_4_4(
    client, in_instruction, instructor
):
    """Issue 16 item 1: the page carries the verdict it showed; a second instructor who
    judged from an older page is refused and sees the verdict recorded in the meantime."""
    version = latest_versions(in_instruction)[0]
    url = f"/instruction/{in_instruction.pk}/versions/{version.pk}/avis/"
    login(client, instructor)
    page = client.get(f"/instruction/{in_instruction.pk}/").content.decode()
    assert '<input type="hidden" name="seen" value="">' in page
    colleague = UserFactory(role=Role.INSTRUCTOR)
    give_verdict(version, VerdictValue.CONFORME, actor=colleague, seen="")

    stale = {"value": "non_conforme", "comment": "Capture illisible", "seen": ""}
    body = client.post(url, stale, HTTP_HX_REQUEST="true").content.decode()
    assert "Un autre avis a été enregistré entre-temps" in body
    assert '<input type="hidden" name="seen" value="conforme">' in body
    assert Verdict.objects.get(version=version).value == VerdictValue.CONFORME

    client.post(url, {**stale, "seen": "conforme"}, HTTP_HX_REQUEST="true")
    assert Verdict.objects.get(version=version).value == VerdictValue.NON_CONFORME
