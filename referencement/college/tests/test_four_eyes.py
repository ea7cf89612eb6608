"""Four eyes on every grant (issue 16 item 7; 001 §4.5 and 004 §4.5: the collège is made of
« membres de l'ANS participant à l'instruction du dossier », signed « par les deux parties »):
roles as a set, attendance and quorum, two distinct signatures, yearly declarations of
interests with automatic recusal, the agency's countersignature, minutes that show it all."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from conftest import UserFactory, login
from referencement.accounts.actions import set_college_seat
from referencement.accounts.choices import Role
from referencement.accounts.testing import one_time_code
from referencement.audit.models import AuditEvent
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.choices import CollegeOutcome
from referencement.college.actions import (
    add_to_agenda,
    close_session,
    confirm_decision,
    countersign_convention,
    declare_interests,
    record_attendance,
    record_decision,
    sign_convention,
    withdraw_decision,
)
from referencement.college.models import CollegeSession, InterestDeclaration
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.testing import countersign, decide, seat
from referencement.instruction.actions import (
    ask_solicitation,
    complete_instruction,
    give_verdict,
    start_instruction,
)
from referencement.instruction.tests.fixtures import latest_versions, make_candidature, totp_token
from referencement.notifications.models import Notification
from referencement.registry.models import Attestation

from .test_college import instructed, on_agenda

PARIS = ZoneInfo("Europe/Paris")
SITTING_DAY = datetime(2027, 5, 6, 10, tzinfo=PARIS)  # a Thursday, MS-DUI-Va2 open
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sitting_day():
    with time_machine.travel(SITTING_DAY, tick=False):
        yield


@pytest.fixture
def agenda(catalogues, editor, representative, instructor, agency_admin):
    """A dossier on the agenda of the day's sitting, nobody seated yet."""
    return on_agenda(catalogues["MS-DUI-Va2"], editor, representative, instructor, agency_admin)


def pdf_text(field_file) -> str:
    with field_file.open("rb") as stream:
        reader = PdfReader(io.BytesIO(stream.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_an_instructor_granted_a_seat_sits_in_the_college_and_the_grant_is_audited_001_4_5(
    client, instructor, agency_admin, college_member
):
    assert not instructor.has_role(Role.COLLEGE_MEMBER)
    with pytest.raises(PermissionDenied):
        set_college_seat(instructor, True, actor=college_member)
    with pytest.raises(PermissionDenied):
        set_college_seat(agency_admin, True, actor=agency_admin)
    login(client, agency_admin)
    client.post(f"/administration/utilisateurs/{instructor.pk}/college/", {"seat": "oui"})
    instructor.refresh_from_db()
    assert instructor.has_role(Role.COLLEGE_MEMBER) and instructor.has_role(Role.INSTRUCTOR)
    assert instructor.role == Role.INSTRUCTOR
    assert (
        client.get(f"/administration/utilisateurs/{instructor.pk}/")
        .content.decode()
        .count("Retirer le siège au collège")
    )
    client.post(f"/administration/utilisateurs/{instructor.pk}/college/", {"seat": "non"})
    instructor.refresh_from_db()
    assert not instructor.has_role(Role.COLLEGE_MEMBER)
    assert list(
        AuditEvent.objects.filter(action__startswith="account.college_seat").values_list(
            "action", flat=True
        )
    ) == ["account.college_seat_granted", "account.college_seat_removed"]


def test_no_decision_before_attendance_is_recorded(agenda, members):
    session, candidature = agenda
    with pytest.raises(ValidationError, match="présent"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])


def test_an_absent_member_neither_records_nor_confirms(agenda, members, college_member):
    session, candidature = agenda
    third = UserFactory(role=Role.COLLEGE_MEMBER)
    seat(session, *members, absent=[third])
    with pytest.raises(ValidationError, match="pas inscrit"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=third)
    decision = record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    with pytest.raises(ValidationError, match="pas inscrit"):
        confirm_decision(decision, actor=third)


def test_without_the_quorum_present_nothing_is_decided(agenda, members, settings):
    session, candidature = agenda
    seat(session, members[0], absent=[members[1]])
    with pytest.raises(ValidationError, match="Quorum non atteint"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    # The quorum is a setting (2 by default).
    seat(session, *members)
    settings.COLLEGE_QUORUM = 3
    with pytest.raises(ValidationError, match="3 requis"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])


def test_a_decision_takes_effect_only_when_a_second_member_confirms_it(agenda, members):
    session, candidature = agenda
    seat(session, *members)
    decision = record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    candidature.refresh_from_db()
    assert candidature.status == S.IN_COLLEGE
    assert not Attestation.objects.exists()
    assert not Notification.objects.filter(kind="college.decision").exists()
    with pytest.raises(ValidationError, match="deux signatures"):
        confirm_decision(decision, actor=members[0])
    confirm_decision(decision, actor=members[1])
    candidature.refresh_from_db()
    assert candidature.status == S.REFERENCED
    assert Attestation.objects.filter(candidature=candidature).count() == 1
    assert Notification.objects.filter(kind="college.decision").count() == 1
    with pytest.raises(ValidationError, match="déjà confirmée"):
        confirm_decision(decision, actor=members[1])


def test_the_instructor_of_the_dossier_never_decides_alone(
    agenda, instructor, agency_admin, college_member
):
    session, candidature = agenda
    assert candidature.instructor == instructor
    set_college_seat(instructor, True, actor=agency_admin)
    instructor.refresh_from_db()
    seat(session, instructor, college_member)
    decision = record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=instructor)
    with pytest.raises(ValidationError, match="deux signatures"):
        confirm_decision(decision, actor=instructor)
    confirm_decision(decision, actor=college_member)
    candidature.refresh_from_db()
    assert candidature.status == S.REFERENCED


def test_a_recorded_decision_may_be_withdrawn_before_it_takes_effect(agenda, members):
    session, candidature = agenda
    seat(session, *members)
    decision = record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    withdraw_decision(decision, actor=members[1])
    assert not session.decisions.exists()
    candidature.refresh_from_db()
    assert candidature.status == S.IN_COLLEGE


def test_attendance_is_frozen_once_a_decision_of_the_session_is_recorded(agenda, members):
    session, candidature = agenda
    seat(session, *members)
    record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])

    with pytest.raises(ValidationError, match="la présence ne peut plus être modifiée"):
        record_attendance(session, {members[0].pk}, actor=members[0])

    assert {a.member for a in session.attendance.filter(present=True)} == set(members)
    assert AuditEvent.objects.filter(action="college.attendance").count() == 1


def test_an_expired_declaration_of_interests_is_renewed_before_sitting(agenda, members):
    session, candidature = agenda
    with time_machine.travel(SITTING_DAY - timedelta(days=366), tick=False):
        declare_interests(actor=members[0], editors=[])
    seat(session, *members)  # members[0] keeps the expired declaration
    with pytest.raises(ValidationError, match="plus d'un an"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    declare_interests(actor=members[0], editors=[])
    record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])


def test_a_member_with_interests_in_the_editor_is_recused_from_its_dossiers(
    agenda, members, editor, other_editor, agency_admin
):
    session, candidature = agenda
    third = UserFactory(role=Role.COLLEGE_MEMBER)
    seat(session, *members, third)
    declare_interests(actor=third, editors=[editor])
    with pytest.raises(ValidationError, match="récusé"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=third)
    # The quorum counts the members who are not recused.
    declare_interests(actor=members[1], editors=[editor])
    with pytest.raises(ValidationError, match="Quorum non atteint"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    declare_interests(actor=members[1], editors=[other_editor])
    decision = record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    with pytest.raises(ValidationError, match="récusé"):
        confirm_decision(decision, actor=third)
    assert InterestDeclaration.objects.filter(member=third).count() == 2


def test_a_recused_instructor_cannot_instruct_the_editors_dossiers(
    catalogues, editor, editor_member, instructor
):
    declare_interests(actor=instructor, editors=[editor])
    candidature = make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
    )
    with pytest.raises(PermissionDenied):
        start_instruction(candidature, actor=instructor)
    # Recused after taking the dossier: no question, no verdict, no proposal.
    colleague = UserFactory(role=Role.INSTRUCTOR)
    start_instruction(candidature, actor=colleague)
    for act in (
        lambda: ask_solicitation(candidature, "Précisez.", actor=instructor),
        lambda: give_verdict(latest_versions(candidature)[0], "conforme", actor=instructor),
        lambda: complete_instruction(candidature, proposal="Attribution.", actor=instructor),
    ):
        with pytest.raises(PermissionDenied):
            act()


def test_the_collège_decides_only_once_the_agency_countersigned_the_convention_001_4_5(
    catalogues,
    editor,
    representative,
    instructor,
    agency_admin,
    members,
):
    candidature = instructed(catalogues["MS-DUI-Va2"], editor, representative, instructor)
    sign_convention(
        candidature.convention, actor=representative, otp_token=totp_token(representative)
    )
    ensure_sessions_ahead()
    session = CollegeSession.objects.first()
    add_to_agenda(session, candidature, actor=agency_admin)
    seat(session, *members)
    with pytest.raises(ValidationError, match="contresignée"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    with pytest.raises(PermissionDenied):
        countersign_convention(
            candidature.convention, actor=members[0], otp_token=one_time_code(members[0])
        )
    with pytest.raises(ValidationError, match="incorrect"):
        countersign_convention(candidature.convention, actor=agency_admin, otp_token="000000")
    convention = countersign(candidature, agency_admin)
    assert "Contresigné électroniquement pour l'Agence le 06/05/2027" in pdf_text(convention.signed)
    decide(session, candidature, CollegeOutcome.ATTRIBUTION, by=members[0], confirmed_by=members[1])


def test_minutes_show_attendance_recusals_and_both_signatures_and_carry_over_the_rest(
    catalogues, agenda, members, other_editor, instructor, agency_admin
):
    session, candidature = agenda
    other_admin = UserFactory(role=Role.EDITOR_ADMIN, editor=other_editor)
    other_editor.legal_representative_user = other_admin
    other_editor.save()
    _, postponed = on_agenda(
        catalogues["MS-DUI-Va2"], other_editor, other_admin, instructor, agency_admin
    )
    absent = UserFactory(role=Role.COLLEGE_MEMBER, full_name="Absente Membre")
    seat(session, *members, absent=[absent])
    declare_interests(actor=members[1], editors=[other_editor])
    decide(session, candidature, CollegeOutcome.ATTRIBUTION, by=members[0], confirmed_by=members[1])
    with pytest.raises(ValidationError, match="récusé"):
        record_decision(session, postponed, CollegeOutcome.ATTRIBUTION, actor=members[1])
    close_session(session, actor=members[0])
    session.refresh_from_db()
    postponed.refresh_from_db()
    assert postponed.status == S.CONVENTION_SIGNED
    text = pdf_text(session.minutes)
    assert "Absente Membre Absent(e)" in text
    assert f"{members[0]} Présent(e)" in text
    assert f"Enregistrée par {members[0]}" in text
    assert f"Confirmée par {members[1]}" in text
    assert "Dossiers reportés" in text and members[1].full_name in text.split("reportés")[1]
