from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import login
from referencement.accounts.testing import one_time_code
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.choices import CollegeOutcome
from referencement.college.actions import (
    add_to_agenda,
    record_decision,
    reopen_after_refusal,
    sign_convention,
)
from referencement.college.models import AgendaItem, CollegeSession
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.sweeps import refuse_unlifted_reserves
from referencement.college.testing import countersign, decide, seat
from referencement.instruction.actions import complete_instruction, give_verdict, start_instruction
from referencement.instruction.choices import VerdictValue
from referencement.instruction.tests.fixtures import latest_versions, make_candidature, totp_token

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def instructed(dispositif, editor, user, instructor):
    candidature = make_candidature(dispositif, editor=editor, created_by=user)
    start_instruction(candidature, actor=instructor)
    for version in latest_versions(candidature):
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    candidature.refresh_from_db()
    return candidature


def on_agenda(dispositif, editor, representative, instructor, agency_admin, members=()):
    """Signed by both parties, on the first session's agenda, `members` seated present."""
    candidature = instructed(dispositif, editor, representative, instructor)
    sign_convention(
        candidature.convention, actor=representative, otp_token=totp_token(representative)
    )
    countersign(candidature, agency_admin)
    ensure_sessions_ahead()
    session = CollegeSession.objects.first()
    add_to_agenda(session, candidature, actor=agency_admin)
    if members:
        seat(session, *members)
    candidature.refresh_from_db()
    return session, candidature


@time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False)
def test_college_decision_is_impossible_without_a_signed_convention_001_4_5(
    catalogues, editor, editor_member, instructor, college_member
):
    candidature = instructed(catalogues["MS-DUI-Va2"], editor, editor_member, instructor)
    ensure_sessions_ahead()
    session = CollegeSession.objects.first()
    with pytest.raises(ValidationError, match="convention"):
        add_to_agenda(session, candidature, actor=college_member)
    # Even forced onto the agenda, the decision is refused.
    candidature.status = S.IN_COLLEGE
    candidature.save()
    AgendaItem.objects.create(session=session, candidature=candidature)
    with pytest.raises(ValidationError, match="convention n'est pas signée"):
        record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=college_member)


@time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False)
def test_only_the_legal_representative_signs_with_a_valid_second_factor(
    client, catalogues, editor, editor_member, representative, instructor
):
    candidature = instructed(catalogues["MS-DUI-Va2"], editor, editor_member, instructor)
    with pytest.raises(PermissionDenied):
        sign_convention(candidature.convention, actor=editor_member, otp_token="000000")
    with pytest.raises(ValidationError):
        sign_convention(candidature.convention, actor=representative, otp_token="000000")
    login(client, representative)
    pdf = client.get(f"/mes-candidatures/{candidature.pk}/convention.pdf")
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"


@time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False)
def test_issue_16_a_wrong_code_at_the_signature_counts_towards_the_lock(
    catalogues, editor, editor_member, representative, instructor
):
    candidature = instructed(catalogues["MS-DUI-Va2"], editor, editor_member, instructor)
    with pytest.raises(ValidationError, match="Code de vérification incorrect"):
        sign_convention(candidature.convention, actor=representative, otp_token="000000")
    representative.refresh_from_db()
    assert representative.failed_login_count == 1  # not rolled back with the signature
    # The one policy of every sensitive act: a backup code signs too.
    sign_convention(
        candidature.convention, actor=representative, otp_token=one_time_code(representative)
    )
    candidature.refresh_from_db()
    assert candidature.status == S.CONVENTION_SIGNED


def test_another_editor_gets_404_on_the_convention(
    client, catalogues, editor, editor_member, instructor, other_editor_member
):
    with time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False):
        candidature = instructed(catalogues["MS-DUI-Va2"], editor, editor_member, instructor)
    login(client, other_editor_member)
    assert client.get(f"/mes-candidatures/{candidature.pk}/convention/").status_code == 404
    assert client.get(f"/mes-candidatures/{candidature.pk}/convention.pdf").status_code == 404


@time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False)
def test_an_outcome_outside_the_dispositifs_set_is_refused(
    catalogues, editor, representative, instructor, agency_admin, members
):
    session, candidature = on_agenda(
        catalogues["MS-DUI-Va2"], editor, representative, instructor, agency_admin, members
    )
    with pytest.raises(ValidationError, match="pas prévue"):
        record_decision(session, candidature, CollegeOutcome.SANS_RESERVE, actor=members[0])
    with pytest.raises(ValidationError, match="raisons"):
        record_decision(session, candidature, CollegeOutcome.RESERVES_BLOQUANTES, actor=members[0])


@time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False)
def test_blocking_reserves_before_date_3_let_the_editor_redeposit_001_4_5(
    catalogues, editor, representative, instructor, agency_admin, members
):
    session, candidature = on_agenda(
        catalogues["MS-DUI-Va2"], editor, representative, instructor, agency_admin, members
    )
    decision = decide(
        session,
        candidature,
        CollegeOutcome.RESERVES_BLOQUANTES,
        "Preuve INS",
        by=members[0],
        confirmed_by=members[1],
    )
    assert decision.redeposit_allowed
    reopen_after_refusal(candidature, actor=representative)
    candidature.refresh_from_db()
    assert candidature.status == S.EVIDENCE_IN_PROGRESS


@time_machine.travel(datetime(2022, 3, 10, 10, tzinfo=PARIS), tick=False)
def test_blocking_reserves_of_dpi_va1_need_a_new_candidature_004_4_5(
    catalogues, editor, representative, instructor, agency_admin, members
):
    session, candidature = on_agenda(
        catalogues["HOP-DPI-Va1"], editor, representative, instructor, agency_admin, members
    )
    decision = decide(
        session,
        candidature,
        CollegeOutcome.RESERVES_BLOQUANTES,
        "Refonte",
        by=members[0],
        confirmed_by=members[1],
    )
    assert not decision.redeposit_allowed
    with pytest.raises(ValidationError):
        reopen_after_refusal(candidature, actor=representative)


def test_non_blocking_reserves_not_lifted_within_4_weeks_end_in_refusal_004_4_5(
    catalogues, editor, representative, instructor, agency_admin, members
):
    with time_machine.travel(datetime(2022, 3, 10, 10, tzinfo=PARIS), tick=False):
        session, candidature = on_agenda(
            catalogues["HOP-DPI-Va1"], editor, representative, instructor, agency_admin, members
        )
        decision = decide(
            session,
            candidature,
            CollegeOutcome.RESERVES_NON_BLOQUANTES,
            "Libellé",
            by=members[0],
            confirmed_by=members[1],
        )
        assert decision.fix_deadline == datetime(2022, 4, 7, 10, tzinfo=PARIS)
    with time_machine.travel(datetime(2022, 4, 7, 9, tzinfo=PARIS), tick=False):
        assert refuse_unlifted_reserves() == 0
    with time_machine.travel(datetime(2022, 4, 7, 10, 1, tzinfo=PARIS), tick=False):
        assert refuse_unlifted_reserves() == 1
        assert refuse_unlifted_reserves() == 0
    candidature.refresh_from_db()
    assert candidature.status == S.REFUSED


@time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=PARIS), tick=False)
def test_weekly_sessions_are_created_ahead_once():
    assert ensure_sessions_ahead() == 4
    assert ensure_sessions_ahead() == 0
    days = [s.sits_at.astimezone(PARIS) for s in CollegeSession.objects.all()]
    assert days[0] == datetime(2026, 11, 26, 14, tzinfo=PARIS)
    assert all(d.weekday() == 3 for d in days)


def test_college_pages_are_for_agency_staff_only(client, editor_member):
    login(client, editor_member)
    assert client.get("/college/").status_code == 403


def test_no_decision_is_recorded_before_the_day_of_the_sitting_001_4_5(
    catalogues, editor, representative, instructor, agency_admin, members
):
    with time_machine.travel(datetime(2027, 5, 3, 10, tzinfo=PARIS), tick=False):
        session, candidature = on_agenda(
            catalogues["MS-DUI-Va2"], editor, representative, instructor, agency_admin, members
        )
        assert session.sits_at == datetime(2027, 5, 6, 14, tzinfo=PARIS)
        with pytest.raises(ValidationError, match="n'a pas encore eu lieu"):
            record_decision(session, candidature, CollegeOutcome.ATTRIBUTION, actor=members[0])
    with time_machine.travel(datetime(2027, 5, 6, 9, tzinfo=PARIS), tick=False):
        decide(
            session,
            candidature,
            CollegeOutcome.ATTRIBUTION,
            by=members[0],
            confirmed_by=members[1],
        )
    candidature.refresh_from_db()
    assert candidature.status == S.REFERENCED


def test_session_list_shows_the_next_sitting_first_then_past_ones(client, college_member):
    from referencement.college.choices import SessionStatus

    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=PARIS), tick=False):
        ensure_sessions_ahead()
        CollegeSession.objects.create(
            sits_at=datetime(2026, 11, 19, 14, tzinfo=PARIS), status=SessionStatus.CLOSED
        )
        login(client, college_member)
        html = client.get("/college/").content.decode()
    order = [html.index(day) for day in ["26/11/2026", "03/12/2026", "17/12/2026", "19/11/2026"]]
    assert order == sorted(order)
