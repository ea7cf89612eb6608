"""Field test sessions as 000 §3.3 and 004 §4.4 have them: the editor organises the session
and proposes its date within the catalogue's delay after the instruction starts, the agency
confirms it, then documents the outcome of each requirement the catalogue flags; the
instruction does not end before."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import login
from referencement.audit.models import AuditEvent
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.models import Requirement
from referencement.evidence.models import Evidence
from referencement.instruction.actions import complete_instruction, give_verdict, start_instruction
from referencement.instruction.choices import FieldTestOutcome, FieldTestStatus, VerdictValue
from referencement.instruction.field_test_actions import (
    ask_another_field_test_date,
    confirm_field_test,
    propose_field_test,
    record_field_test_results,
)
from referencement.instruction.queries import evidence_rows, field_test_requirements
from referencement.notifications.models import Notification

from .fixtures import make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
STARTED = datetime(2025, 6, 2, 10, tzinfo=PARIS)  # + 28 calendar days: 30/06/2025 10:00
IN_WINDOW = datetime(2025, 6, 20, 9, tzinfo=PARIS)
HELD = datetime(2025, 6, 20, 17, tzinfo=PARIS)
PLACE = "Recette usine chez l'éditeur"


@pytest.fixture
def pde(catalogues, editor, editor_member, instructor):
    """An MS2-DUI-PDE-Va1-SF candidature in instruction since STARTED, one of its two items
    in a chapter the catalogue reviews in session (000 §3.3: INS and core business)."""
    with time_machine.travel(STARTED, tick=False):
        candidature = make_candidature(
            catalogues["MS2-DUI-PDE-Va1-SF"],
            editor=editor,
            created_by=editor_member,
            field_test=True,
        )
        return start_instruction(candidature, actor=instructor)


def _propose(candidature, actor, when=IN_WINDOW):
    return propose_field_test(candidature, scheduled_for=when, place=PLACE, actor=actor)


def _results(candidature, outcome=FieldTestOutcome.ACHIEVED, comment=""):
    return {r.pk: (outcome, comment) for r in field_test_requirements(candidature)}


@time_machine.travel(STARTED, tick=False)
def test_000_3_3_the_editor_proposes_a_date_within_the_four_weeks_else_refused(pde, editor_member):
    with pytest.raises(ValidationError, match="au plus tard le 30/06/2025 à 10h00"):
        _propose(pde, editor_member, datetime(2025, 7, 1, 9, tzinfo=PARIS))
    with pytest.raises(ValidationError, match="déjà passée"):
        _propose(pde, editor_member, datetime(2025, 6, 1, 9, tzinfo=PARIS))
    started = Notification.objects.get(recipient=editor_member, kind="instruction.started")
    assert "Proposez une date de session de test avant le 30/06/2025 à 10h00" in started.body
    session = _propose(pde, editor_member)
    assert session.status == FieldTestStatus.PROPOSED and session.proposed_by == editor_member
    assert AuditEvent.objects.filter(action="instruction.field_test_proposed").exists()
    with pytest.raises(ValidationError, match="déjà proposée"):
        _propose(pde, editor_member, datetime(2025, 6, 23, 9, tzinfo=PARIS))


def test_000_3_3_the_editor_page_says_the_next_step_and_refuses_a_late_date_over_http(
    client, pde, editor_member
):
    login(client, editor_member)
    with time_machine.travel(STARTED, tick=False):
        page = client.get(f"/mes-candidatures/{pde.pk}/instruction/").content.decode()
        assert (
            "Proposez une date de session de test avant le 30/06/2025 à 10h00 (dans les 28 "
            "jours suivant le début de l&#x27;instruction)"
        ) in page
        response = client.post(
            f"/mes-candidatures/{pde.pk}/instruction/session-de-tests/",
            {"scheduled_for": "2025-07-02T09:00", "place": PLACE},
            follow=True,
        )
        assert "Proposez une date dans ce délai" in response.content.decode()
        assert not pde.field_tests.exists()
        client.post(
            f"/mes-candidatures/{pde.pk}/instruction/session-de-tests/",
            {"scheduled_for": "2025-06-20T09:00", "place": PLACE},
        )
    assert pde.field_tests.get().status == FieldTestStatus.PROPOSED


@time_machine.travel(STARTED, tick=False)
def test_000_3_3_the_agency_confirms_or_asks_another_date_before_results(
    client, pde, editor_member, instructor
):
    session = _propose(pde, editor_member)
    with pytest.raises(ValidationError, match="confirme d'abord"):
        record_field_test_results(session, _results(pde), actor=instructor)
    with pytest.raises(PermissionDenied):
        confirm_field_test(session, actor=editor_member)
    with pytest.raises(ValidationError, match="pourquoi"):
        ask_another_field_test_date(session, " ", actor=instructor)
    ask_another_field_test_date(session, "Le représentant est absent ce jour-là.", actor=instructor)
    assert Notification.objects.filter(
        recipient=editor_member, title__startswith="Autre date de session de tests"
    ).exists()
    login(client, editor_member)
    page = client.get(f"/mes-candidatures/{pde.pk}/instruction/").content.decode()
    assert "Le représentant est absent ce jour-là." in page and "Proposer cette date" in page

    second = _propose(pde, editor_member, datetime(2025, 6, 24, 9, tzinfo=PARIS))
    login(client, instructor)
    client.post(f"/instruction/{pde.pk}/session-de-tests/{second.pk}/confirmer/")
    second.refresh_from_db()
    assert second.status == FieldTestStatus.CONFIRMED
    assert second.agency_representative == instructor
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        record_field_test_results(second, _results(pde), actor=instructor)


def test_000_3_3_results_are_recorded_only_for_the_requirements_the_catalogue_flags(
    client, pde, editor_member, instructor
):
    with time_machine.travel(STARTED, tick=False):
        session = confirm_field_test(_propose(pde, editor_member), actor=instructor)
    flagged = list(field_test_requirements(pde))
    assert len(flagged) == 1  # the item of the chapter flagged for the session only
    other = next(
        row.evidence.spec.scenario.requirement
        for row in evidence_rows(pde)
        if row.evidence.spec and row.evidence.spec.scenario.requirement not in flagged
    )
    with time_machine.travel(HELD, tick=False):
        with pytest.raises(ValidationError, match="soumet à la session de tests"):
            record_field_test_results(
                session, {other.pk: (FieldTestOutcome.ACHIEVED, "")}, actor=instructor
            )
        record_field_test_results(
            session,
            _results(pde, FieldTestOutcome.NOT_ACHIEVED, "Homonymie mal gérée"),
            actor=instructor,
        )
    session.refresh_from_db()
    assert session.status == FieldTestStatus.HELD and session.held_at == HELD
    login(client, editor_member)
    page = client.get(f"/mes-candidatures/{pde.pk}/instruction/").content.decode()
    assert "Résultat non atteint" in page and "Homonymie mal gérée" in page


def test_004_4_4_instruction_cannot_complete_before_the_session_is_held(
    catalogues, editor, editor_member, instructor
):
    """HOP-DPI-Va1 flags its INS requirements one by one (the REM column), not a chapter."""
    started = datetime(2022, 3, 1, 10, tzinfo=PARIS)
    with time_machine.travel(started, tick=False):
        candidature = make_candidature(
            catalogues["HOP-DPI-Va1"], editor=editor, created_by=editor_member
        )
        ins = candidature.evidence.filter(spec__isnull=False).first().spec.scenario.requirement
        Requirement.objects.filter(pk=ins.pk).update(field_test=True)
        start_instruction(candidature, actor=instructor)
        for row in evidence_rows(candidature):
            if row.assessed:
                give_verdict(row.version, VerdictValue.CONFORME, actor=instructor)
        with pytest.raises(ValidationError, match=r"Session de tests \(000 §3.3, 004 §4.4\)"):
            complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
        session = confirm_field_test(
            _propose(candidature, editor_member, datetime(2022, 3, 15, 9, tzinfo=PARIS)),
            actor=instructor,
        )
    with time_machine.travel(datetime(2022, 3, 15, 18, tzinfo=PARIS), tick=False):
        record_field_test_results(session, _results(candidature), actor=instructor)
        complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    candidature.refresh_from_db()
    assert candidature.status == S.INSTRUCTED


@time_machine.travel(STARTED, tick=False)
def test_no_field_test_session_for_a_dispositif_without_one(
    catalogues, editor, editor_member, instructor
):
    candidature = make_candidature(
        catalogues["HOP-PFI-Va2"], editor=editor, created_by=editor_member, field_test=True
    )
    start_instruction(candidature, actor=instructor)
    with pytest.raises(ValidationError, match="ne prévoit pas"):
        _propose(candidature, editor_member)


@time_machine.travel(STARTED, tick=False)
def test_another_editor_neither_sees_nor_proposes_nor_an_editor_confirms(
    client, pde, editor_member, other_editor_member, instructor
):
    session = _propose(pde, editor_member)
    login(client, other_editor_member)
    assert client.get(f"/mes-candidatures/{pde.pk}/instruction/").status_code == 404
    response = client.post(
        f"/mes-candidatures/{pde.pk}/instruction/session-de-tests/",
        {"scheduled_for": "2025-06-21T09:00", "place": PLACE},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        _propose(pde, other_editor_member, datetime(2025, 6, 21, 9, tzinfo=PARIS))
    login(client, editor_member)
    response = client.post(f"/instruction/{pde.pk}/session-de-tests/{session.pk}/confirmer/")
    assert response.status_code in (302, 403, 404)
    session.refresh_from_db()
    assert session.status == FieldTestStatus.PROPOSED


def test_000_3_3_an_item_of_a_requirement_id_without_scenario_is_reviewed_in_session(pde):
    """MS2-DUI-PDE-Va1-SF's YAML lists INS requirement IDs without scenarios: its items
    point to the requirement itself, in a chapter flagged for the session."""
    ins = Requirement.objects.get(dispositif=pde.dispositif, code="INS/va1.08")
    Evidence.objects.create(candidature=pde, requirement=ins)
    assert ins in field_test_requirements(pde)
