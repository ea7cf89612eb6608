"""Réserves non bloquantes lifted on proof of correction (004 §4.5 « une fois les preuves
des corrections apportées par l'Editeur », issue 12 item 10): the editor deposits a
correction against each reserve and declares them ready; the agency sees them in its
« réserves à lever » list, an instructor judges each correction, and the collège lifts —
never one click without an accepted correction."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.choices import CollegeOutcome
from referencement.college.actions import (
    add_to_agenda,
    confirm_reserves_lift,
    lift_reserves,
    sign_convention,
)
from referencement.college.correction_actions import judge_correction
from referencement.college.models import CollegeSession
from referencement.college.queries import corrections_to_review
from referencement.college.reserve_actions import declare_corrections_ready, deposit_correction
from referencement.college.rules import latest_correction
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.sweeps import refuse_unlifted_reserves
from referencement.college.testing import accept_corrections, countersign, decide, lift, seat
from referencement.instruction.actions import complete_instruction, give_verdict, start_instruction
from referencement.instruction.choices import VerdictValue
from referencement.instruction.tests.fixtures import latest_versions, make_candidature, totp_token
from referencement.notifications.models import Notification

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
SITTING_DAY = datetime(2022, 3, 10, 10, tzinfo=PARIS)  # HOP-DPI-Va1, a Thursday
PDF = b"%PDF-1.4\n% correction fictive\n" + b"7" * 100
REASONS = "- Libellé de la version à corriger.\n- Message d'erreur INSi en anglais."


@pytest.fixture
def reserved(catalogues, editor, editor_admin, instructor, agency_admin, members):
    editor.legal_representative_user = editor_admin
    editor.save()
    with time_machine.travel(SITTING_DAY, tick=False):
        candidature = make_candidature(
            catalogues["HOP-DPI-Va1"], editor=editor, created_by=editor_admin
        )
        start_instruction(candidature, actor=instructor)
        for version in latest_versions(candidature):
            give_verdict(version, VerdictValue.CONFORME, actor=instructor)
        complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
        candidature.refresh_from_db()
        sign_convention(
            candidature.convention, actor=editor_admin, otp_token=totp_token(editor_admin)
        )
        ensure_sessions_ahead()
        session = CollegeSession.objects.first()
        add_to_agenda(session, candidature, actor=agency_admin)
        countersign(candidature, agency_admin)
        seat(session, *members)
        return decide(
            session,
            candidature,
            CollegeOutcome.RESERVES_NON_BLOQUANTES,
            REASONS,
            by=members[0],
            confirmed_by=members[1],
        )


def _correct_all(decision, user) -> None:
    for reserve in decision.reserves.all():
        deposit_correction(reserve, actor=user, note=f"Corrigé ({reserve.number}).")


def test_each_line_of_the_decision_is_a_reserve_004_4_5(reserved):
    assert list(reserved.reserves.values_list("number", "text")) == [
        (1, "Libellé de la version à corriger."),
        (2, "Message d'erreur INSi en anglais."),
    ]


def test_reserves_are_never_lifted_without_a_correction_004_4_5(reserved, members):
    with time_machine.travel(SITTING_DAY + timedelta(days=1), tick=False):
        with pytest.raises(ValidationError, match="Chaque réserve doit avoir une correction"):
            lift_reserves(reserved, actor=members[0])
    reserved.candidature.refresh_from_db()
    assert reserved.candidature.status == S.RESERVES_TO_LIFT


def test_corrections_not_declared_ready_cannot_be_lifted_004_4_5(reserved, editor_admin, members):
    with time_machine.travel(SITTING_DAY + timedelta(days=1), tick=False):
        _correct_all(reserved, editor_admin)
        with pytest.raises(ValidationError, match="pas encore déclaré"):
            lift_reserves(reserved, actor=members[0])


def test_ready_needs_a_correction_against_each_reserve(reserved, editor_admin):
    with time_machine.travel(SITTING_DAY + timedelta(days=1), tick=False):
        deposit_correction(reserved.reserves.first(), actor=editor_admin, note="Corrigé.")
        with pytest.raises(ValidationError, match="réserve n° 2"):
            declare_corrections_ready(reserved, actor=editor_admin)


def test_corrections_declared_ready_reach_the_agency_list_and_are_lifted_004_4_5(
    reserved, editor_admin, instructor, members
):
    with time_machine.travel(SITTING_DAY + timedelta(days=2), tick=False):
        assert list(corrections_to_review()) == []
        _correct_all(reserved, editor_admin)
        declare_corrections_ready(reserved, actor=editor_admin)
        assert list(corrections_to_review()) == [reserved]
        with pytest.raises(ValidationError, match="déclarées prêtes"):
            deposit_correction(reserved.reserves.first(), actor=editor_admin, note="Encore.")
        lift(reserved, judged_by=instructor, by=members[0], confirmed_by=members[1])
    reserved.candidature.refresh_from_db()
    assert reserved.candidature.status == S.REFERENCED
    assert list(corrections_to_review()) == []


def test_corrections_ready_in_time_are_judged_not_refused_by_the_sweep_004_4_5(
    reserved, editor_admin
):
    with time_machine.travel(SITTING_DAY + timedelta(days=20), tick=False):
        _correct_all(reserved, editor_admin)
        declare_corrections_ready(reserved, actor=editor_admin)
    with time_machine.travel(reserved.fix_deadline + timedelta(hours=1), tick=False):
        assert refuse_unlifted_reserves() == 0
    reserved.candidature.refresh_from_db()
    assert reserved.candidature.status == S.RESERVES_TO_LIFT


def test_no_correction_after_the_4_weeks_004_4_5(reserved, editor_admin):
    with time_machine.travel(reserved.fix_deadline + timedelta(minutes=1), tick=False):
        with pytest.raises(ValidationError, match="délai de correction a pris fin"):
            deposit_correction(reserved.reserves.first(), actor=editor_admin, note="Trop tard.")


def test_editor_deposits_a_correction_with_its_proof_from_the_page(
    client, reserved, editor_admin, instructor
):
    reserve = reserved.reserves.first()
    pk = reserved.candidature.pk
    with time_machine.travel(SITTING_DAY + timedelta(days=1), tick=False):
        login(client, editor_admin)
        page = client.get(f"/candidatures/{pk}/reserves/").content.decode()
        assert "Libellé de la version à corriger." in page and "À corriger" in page
        client.post(
            f"/candidatures/{pk}/reserves/{reserve.pk}/corriger/",
            {"note": "Libellé corrigé en 4.2.2.", "file": SimpleUploadedFile("capture.pdf", PDF)},
        )
        correction = reserve.corrections.get()
        assert correction.blob.sha256 == hashlib.sha256(PDF).hexdigest()
        login(client, instructor)
        page = client.get(f"/candidatures/{pk}/reserves/").content.decode()
        assert "Libellé corrigé en 4.2.2." in page and "capture.pdf" in page
        download = client.get(f"/candidatures/{pk}/reserves/corrections/{correction.pk}/")
        assert b"".join(download.streaming_content) == PDF


def test_another_editor_reaches_no_reserve(client, reserved, editor_admin, other_editor_admin):
    reserve = reserved.reserves.first()
    pk = reserved.candidature.pk
    with time_machine.travel(SITTING_DAY + timedelta(days=1), tick=False):
        correction = deposit_correction(reserve, actor=editor_admin, note="Corrigé.")
        login(client, other_editor_admin)
        assert client.get(f"/candidatures/{pk}/reserves/").status_code == 404
        response = client.post(f"/candidatures/{pk}/reserves/{reserve.pk}/corriger/", {"note": "x"})
        assert response.status_code == 404
        assert (
            client.post(f"/candidatures/{pk}/reserves/pretes/", {"confirm": "on"}).status_code
            == 404
        )
        url = f"/candidatures/{pk}/reserves/corrections/{correction.pk}/"
        assert client.get(url).status_code == 404
    assert reserve.corrections.count() == 1


def test_lifting_is_a_collège_act_with_two_signatures_issue_16_004_4_5(
    reserved, editor_admin, agency_admin, instructor, members
):
    with time_machine.travel(SITTING_DAY + timedelta(days=1), tick=False):
        _correct_all(reserved, editor_admin)
        declare_corrections_ready(reserved, actor=editor_admin)
        accept_corrections(reserved, instructor)
        for staff in (agency_admin, instructor):
            with pytest.raises(PermissionDenied):
                lift_reserves(reserved, actor=staff)
        lift_reserves(reserved, actor=members[0])
        with pytest.raises(ValidationError, match="deux signatures"):
            confirm_reserves_lift(reserved, actor=members[0])
        reserved.candidature.refresh_from_db()
        assert reserved.candidature.status == S.RESERVES_TO_LIFT
        confirm_reserves_lift(reserved, actor=members[1])
    reserved.refresh_from_db()
    assert (reserved.lift_proposed_by, reserved.lift_confirmed_by) == members


def test_004_4_5_an_instructor_judges_each_correction_before_the_lifting_never_one_click(
    client, reserved, editor_admin, instructor, members
):
    """« une fois les preuves des corrections apportées par l'Editeur »: each proof is judged;
    an insufficient one reopens the corrections for the editor, within the 4 weeks."""
    with time_machine.travel(SITTING_DAY + timedelta(days=2), tick=False):
        _correct_all(reserved, editor_admin)
        declare_corrections_ready(reserved, actor=editor_admin)
        with pytest.raises(ValidationError, match="un instructeur juge d'abord"):
            lift_reserves(reserved, actor=members[0])
        first, second = (latest_correction(r) for r in reserved.reserves.all())
        for outsider in (editor_admin, members[0]):
            with pytest.raises(PermissionDenied):
                judge_correction(first, accepted=True, actor=outsider)
        with pytest.raises(ValidationError, match="motivée"):
            judge_correction(second, accepted=False, actor=instructor)
        login(client, instructor)
        client.post(
            f"/candidatures/{reserved.candidature.pk}/reserves/corrections/{first.pk}/avis/",
            {"verdict": "accepted"},
        )
        judge_correction(second, accepted=False, comment="Toujours en anglais.", actor=instructor)
        reserved.refresh_from_db()
        assert reserved.corrections_ready_at is None  # the editor corrects again
        assert Notification.objects.filter(kind="college.correction_rejected").exists()
        with pytest.raises(ValidationError, match="pas encore déclaré"):
            lift_reserves(reserved, actor=members[0])
        newer = deposit_correction(
            reserved.reserves.get(number=2), actor=editor_admin, note="Message traduit."
        )
        declare_corrections_ready(reserved, actor=editor_admin)
        with pytest.raises(ValidationError, match="réserve n° 2"):
            lift_reserves(reserved, actor=members[0])
        login(client, instructor)
        page = client.get(f"/candidatures/{reserved.candidature.pk}/reserves/").content.decode()
        assert "Correction acceptée" in page and "Toujours en anglais." in page
        assert "Accepter la correction" in page
        judge_correction(newer, accepted=True, actor=instructor)
        lift_reserves(reserved, actor=members[0])
        confirm_reserves_lift(reserved, actor=members[1])
    reserved.candidature.refresh_from_db()
    assert reserved.candidature.status == S.REFERENCED
