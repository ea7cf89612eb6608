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

from conftest import UserFactory, login
from referencement.accounts.choices import Role
from referencement.audit.models import AuditEvent
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.journey import next_step
from referencement.candidatures.models import Candidature
from referencement.catalog.models import Requirement
from referencement.evidence.models import Evidence
from referencement.instruction.actions import (
    ask_solicitation,
    complete_instruction,
    give_verdict,
    start_instruction,
)
from referencement.instruction.assignment_actions import assign_dispositifs
from referencement.instruction.choices import FieldTestOutcome, FieldTestStatus, VerdictValue
from referencement.instruction.field_test_actions import (
    ask_another_field_test_date,
    confirm_field_test,
    propose_field_test,
    record_field_test_results,
)
from referencement.instruction.queries import evidence_rows, field_test_requirements
from referencement.instruction.sweeps import sweep_field_tests
from referencement.notifications.models import Notification

from .fixtures import assigned_everywhere, make_candidature

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


AFTER_WINDOW = datetime(2025, 7, 1, 9, tzinfo=PARIS)


def test_000_3_3_the_agency_is_notified_of_a_proposal_in_the_same_transaction(
    pde, editor_member, instructor
):
    """Issue 12 item 9: the dossier's instructor and those assigned to its dispositif hear of
    the editor's date; another instructor does not, and a refused date notifies nobody."""
    admin = UserFactory(role=Role.AGENCY_ADMIN)
    assigned, elsewhere = UserFactory(role=Role.INSTRUCTOR), UserFactory(role=Role.INSTRUCTOR)
    assign_dispositifs(assigned, [pde.dispositif], actor=admin)
    with time_machine.travel(STARTED, tick=False):
        with pytest.raises(ValidationError):
            _propose(pde, editor_member, datetime(2025, 7, 2, 9, tzinfo=PARIS))
        assert not Notification.objects.filter(kind="instruction.field_test_proposed").exists()
        _propose(pde, editor_member)
    notified = Notification.objects.filter(kind="instruction.field_test_proposed")
    assert {n.recipient for n in notified} == {instructor, assigned}
    proposal = notified.get(recipient=assigned)
    assert "propose la session de tests du 20/06/2025 à 09h00" in proposal.body
    assert proposal.link == f"/instruction/{pde.pk}/" and elsewhere not in {
        n.recipient for n in notified
    }


def test_000_3_3_without_any_instructor_the_agency_admins_hear_of_a_proposal(
    catalogues, editor, editor_member
):
    admin = UserFactory(role=Role.AGENCY_ADMIN)
    with time_machine.travel(STARTED, tick=False):
        candidature = make_candidature(
            catalogues["MS2-DUI-PDE-Va1-SF"],
            editor=editor,
            created_by=editor_member,
            field_test=True,
        )
        start_instruction(candidature, actor=admin)
        Candidature.objects.filter(pk=candidature.pk).update(instructor=None)
        _propose(candidature, editor_member)
    assert Notification.objects.get(kind="instruction.field_test_proposed").recipient == admin


def test_000_3_3_the_next_step_box_follows_the_session(client, pde, editor_member, instructor):
    """Issue 12 item 9: « Prochaine étape » says what the session needs, from the same
    catalogue parameter as the instruction page."""
    with time_machine.travel(STARTED, tick=False):
        step = next_step(pde)
        assert step.title == "Proposer la date de la session de tests"
        assert step.text.startswith("Vous organisez la session de tests en coordination")
        assert step.deadline.when == "30/06/2025 à 10h00" and not step.deadline.overdue
        assert "dans les 28 jours suivant le début de l'instruction" in step.deadline.rule
        assert step.action.url == f"/mes-candidatures/{pde.pk}/instruction/#session-de-tests"
        login(client, editor_member)
        page = client.get(f"/mes-candidatures/{pde.pk}/instruction/").content.decode()
        assert "Prochaine étape : Proposer la date de la session de tests" in page
        assert 'id="session-de-tests"' in page
        session = _propose(pde, editor_member)
        step = next_step(pde)
        assert step.title == "Confirmation de la session de tests par l'agence"
        assert "Vous avez proposé le 20/06/2025 à 09h00" in step.text and step.action is None
        confirm_field_test(session, actor=instructor)
        assert next_step(pde).title == "Session de tests le 20/06/2025 à 09h00"
    with time_machine.travel(HELD, tick=False):
        assert next_step(pde).title == "Résultats de la session de tests en attente"
        record_field_test_results(session, _results(pde), actor=instructor)
        assert next_step(pde).title == "Instruction des preuves par l'agence"


def test_004_4_4_a_window_passed_without_session_is_flagged_and_reported_once(
    client, pde, editor_member, instructor
):
    with time_machine.travel(STARTED, tick=False):
        ask_another_field_test_date(
            _propose(pde, editor_member), "Le représentant est absent.", actor=instructor
        )
        assert sweep_field_tests() == 0
    with time_machine.travel(AFTER_WINDOW, tick=False):
        assert sweep_field_tests() == 1
        assert sweep_field_tests() == 0
        for user in (editor_member, instructor):
            missed = Notification.objects.get(recipient=user, kind="instruction.field_test_missed")
            assert missed.title.startswith("Session de tests non tenue dans le délai")
            assert "au plus tard le 30/06/2025 à 10h00" in missed.body
            assert "(hypothèse)" in missed.body
        assert AuditEvent.objects.filter(action="instruction.field_test_missed").count() == 1
        assert next_step(pde).title == "Session de tests non tenue dans le délai"
        assert next_step(pde).deadline.overdue and next_step(pde).action is None
        login(client, editor_member)
        page = client.get(f"/mes-candidatures/{pde.pk}/instruction/").content.decode()
        assert "Session de tests non tenue dans le délai" in page and "hypothèse" in page
        assert "Proposer cette date" not in page
        with pytest.raises(ValidationError, match="Proposez une date dans ce délai"):
            _propose(pde, editor_member, datetime(2025, 7, 3, 9, tzinfo=PARIS))
        login(client, instructor)
        assigned_everywhere(instructor)
        queue = client.get("/instruction/").content.decode()
        assert "Session de tests non tenue dans le délai" in queue
        bench = client.get(f"/instruction/{pde.pk}/").content.decode()
        assert "Session de tests non tenue dans le délai" in bench


def test_004_4_4_a_session_confirmed_within_the_window_is_not_reported(
    pde, editor_member, instructor
):
    with time_machine.travel(STARTED, tick=False):
        confirm_field_test(_propose(pde, editor_member), actor=instructor)
    with time_machine.travel(AFTER_WINDOW, tick=False):
        assert sweep_field_tests() == 0
    assert not Notification.objects.filter(kind="instruction.field_test_missed").exists()


def test_000_3_3_after_a_missed_window_a_demande_de_complement_lets_the_editor_propose(
    client, pde, editor_member, instructor
):
    """Hypothèse (the texts are silent): the agency decides what follows; its demande de
    complément sent after the window lets the editor propose a later date."""
    late = datetime(2025, 7, 10, 9, tzinfo=PARIS)
    with time_machine.travel(AFTER_WINDOW, tick=False):
        ask_solicitation(pde, "Proposez une nouvelle date de session de tests.", actor=instructor)
        login(client, editor_member)
        page = client.get(f"/mes-candidatures/{pde.pk}/instruction/").content.decode()
        assert "à la demande de l&#x27;agence, proposez une nouvelle date" in page
        session = confirm_field_test(_propose(pde, editor_member, late), actor=instructor)
        assert sweep_field_tests() == 0
    with time_machine.travel(datetime(2025, 7, 10, 18, tzinfo=PARIS), tick=False):
        held = record_field_test_results(session, _results(pde), actor=instructor)
    assert held.status == FieldTestStatus.HELD
