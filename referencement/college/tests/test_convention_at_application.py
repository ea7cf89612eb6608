"""When the editor signs the convention is catalogue data (issue 12 item 10b): with the
application where 004 §4.2 lists « La convention de référencement signée électroniquement »
in the dossier, after the instruction where 001 §4.5 and 003 §4.5 have the agency prepare
it once every evidence is validated."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import UserFactory, login
from referencement.accounts.choices import Role
from referencement.accounts.testing import one_time_code
from referencement.audit.models import AuditEvent
from referencement.candidatures import actions as dossier
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.testing import draft, fill_dossier
from referencement.catalog.models import Dispositif
from referencement.college.actions import (
    add_to_agenda,
    prepare_application_convention,
    sign_convention,
)
from referencement.college.models import CollegeSession
from referencement.college.sessions import ensure_sessions_ahead
from referencement.college.testing import countersign, decide, seat
from referencement.core.errors import Conflict
from referencement.evidence import actions as evidence
from referencement.evidence.expected import expected_items
from referencement.instruction.actions import complete_instruction, give_verdict
from referencement.instruction.actions import start_instruction as start
from referencement.instruction.choices import VerdictValue
from referencement.instruction.tests.fixtures import latest_versions, make_candidature
from referencement.notifications.models import Notification

PARIS = ZoneInfo("Europe/Paris")
DPI = "HOP-DPI-Va1"
# A Thursday (a collège sits) inside the DPI application period (004 §4.1.6).
DURING_DPI = datetime(2022, 3, 10, 10, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_dpi(catalogues):
    for code in (DPI, "MS-DUI-Va2", "MDV-LGC-Va1-SF"):
        catalogues[code]  # loaded before the clock goes back to 2022
    with time_machine.travel(DURING_DPI, tick=False) as traveller:
        yield traveller


def _signed(candidature, member, representative):
    prepare_application_convention(candidature, actor=member)
    candidature.refresh_from_db()
    return sign_convention(
        candidature.convention, actor=representative, otp_token=one_time_code(representative)
    )


@pytest.fixture
def dpi_draft(catalogues, representative, editor_member):
    return fill_dossier(draft(DPI, editor_member), editor_member)


def test_submission_is_refused_while_the_convention_is_unsigned_004_4_2(
    dpi_draft, editor_member, representative
):
    with pytest.raises(ValidationError) as refused:
        dossier.submit_dossier(dpi_draft, actor=editor_member)
    assert "004 §4.2" in str(refused.value.message_dict["convention"])
    convention = prepare_application_convention(dpi_draft, actor=editor_member)
    with pytest.raises(ValidationError, match="004 §4.2"):
        dossier.submit_dossier(dpi_draft, actor=editor_member)
    sign_convention(convention, actor=representative, otp_token=one_time_code(representative))
    dossier.submit_dossier(dpi_draft, actor=editor_member)
    dpi_draft.refresh_from_db()
    assert dpi_draft.status == S.ADMIN_SUBMITTED
    assert AuditEvent.objects.filter(
        action="college.convention_signed", new_values__at_application=True
    ).exists()


def test_only_the_legal_representative_signs_the_convention_of_the_application_004_4_2(
    dpi_draft, editor_member
):
    convention = prepare_application_convention(dpi_draft, actor=editor_member)
    with pytest.raises(PermissionDenied):
        sign_convention(convention, actor=editor_member, otp_token=one_time_code(editor_member))


def test_the_draft_waits_for_a_complete_dossier_004_4_2(catalogues, representative, editor_member):
    candidature = draft(DPI, editor_member)
    with pytest.raises(ValidationError, match="Complétez d'abord le dossier administratif"):
        prepare_application_convention(candidature, actor=editor_member)


def _set_version(draft, member, version: str) -> None:
    """A change of the version the convention prints (004 §4.2)."""
    dossier.replace_items(
        draft,
        "commercial_names",
        [{"name": "Fictif DUI", "nil": "NIL-0001", "technical_version": version}],
        actor=member,
    )


def test_a_change_of_the_data_the_convention_carries_voids_its_signature_004_4_2(
    dpi_draft, editor_member, representative
):
    convention = _signed(dpi_draft, editor_member, representative)
    # The NIE is not printed on the convention: the signature stands.
    dossier.update_dossier(dpi_draft, actor=editor_member, values={"nie": "NIE-0002"})
    _set_version(dpi_draft, editor_member, "4.3.0")
    with pytest.raises(ValidationError, match="a changé depuis la signature de la convention"):
        dossier.submit_dossier(dpi_draft, actor=editor_member)
    convention.refresh_from_db()
    assert convention.is_signed  # what was signed stays on record; it no longer counts
    convention = prepare_application_convention(dpi_draft, actor=editor_member)
    assert not convention.is_signed
    _set_version(dpi_draft, editor_member, "4.3.1")
    with pytest.raises(ValidationError, match="générez le projet mis à jour"):
        sign_convention(convention, actor=representative, otp_token=one_time_code(representative))
    _signed(dpi_draft, editor_member, representative)
    dossier.submit_dossier(dpi_draft, actor=editor_member)


def test_a_signature_voided_while_answering_a_solicitation_blocks_the_acceptance_004_4_2(
    dpi_draft, editor_member, representative, instructor
):
    _signed(dpi_draft, editor_member, representative)
    dossier.submit_dossier(dpi_draft, actor=editor_member)
    dossier.send_admin_solicitation(dpi_draft, actor=instructor, question="Version exacte ?")
    _set_version(dpi_draft, editor_member, "4.2.9")
    with pytest.raises(Conflict, match="004 §4.2"):
        dossier.accept_dossier(dpi_draft, actor=instructor)
    _signed(dpi_draft, editor_member, representative)
    dossier.accept_dossier(dpi_draft, actor=instructor)


def test_signed_with_the_application_the_instructed_dossier_goes_straight_to_the_college_004_4_2(
    _during_dpi, dpi_draft, editor_member, representative, instructor, agency_admin, college_member
):
    _signed(dpi_draft, editor_member, representative)
    dossier.submit_dossier(dpi_draft, actor=editor_member)
    with pytest.raises(ValidationError, match="présenté au collège"):
        countersign(dpi_draft, agency_admin)
    dossier.accept_dossier(dpi_draft, actor=instructor)
    for item in expected_items(dpi_draft):
        evidence.deposit(dpi_draft, item.code, actor=editor_member, text=f"Preuve {item.code}")
    evidence.submit_evidence_dossier(dpi_draft, actor=editor_member)
    start(dpi_draft, actor=instructor)
    for version in latest_versions(dpi_draft):
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    complete_instruction(dpi_draft, proposal="Attribution proposée.", actor=instructor)
    dpi_draft.refresh_from_db()
    assert dpi_draft.status == S.CONVENTION_SIGNED
    assert AuditEvent.objects.filter(action="college.convention_prepared").count() == 1
    assert not Notification.objects.filter(kind="college.convention_ready").exists()
    # The agency still countersigns before the collège, which decides as for 001.
    countersign(dpi_draft, agency_admin)
    ensure_sessions_ahead()
    session = CollegeSession.objects.order_by("sits_at").first()
    add_to_agenda(session, dpi_draft, actor=agency_admin)
    _during_dpi.move_to(session.sits_at)
    second = UserFactory(role=Role.COLLEGE_MEMBER)
    seat(session, college_member, second)
    decide(session, dpi_draft, "sans_reserve", by=college_member, confirmed_by=second)
    dpi_draft.refresh_from_db()
    assert dpi_draft.status == S.REFERENCED


def test_the_001_order_is_unchanged_the_convention_follows_the_instruction_001_4_5(
    catalogues, editor, editor_member, representative, instructor
):
    va2 = Dispositif.objects.get(code="MS-DUI-Va2")
    candidature = fill_dossier(draft(va2.code, editor_member), editor_member)
    with pytest.raises(ValidationError, match="une fois toutes les preuves"):
        prepare_application_convention(candidature, actor=editor_member)
    dossier.submit_dossier(candidature, actor=editor_member)
    instructed = make_candidature(va2, editor=editor, created_by=editor_member)
    start(instructed, actor=instructor)
    for version in latest_versions(instructed):
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    complete_instruction(instructed, proposal="Attribution proposée.", actor=instructor)
    instructed.refresh_from_db()
    assert instructed.status == S.INSTRUCTED
    assert Notification.objects.filter(kind="college.convention_ready").exists()
    sign_convention(
        instructed.convention, actor=representative, otp_token=one_time_code(representative)
    )
    instructed.refresh_from_db()
    assert instructed.status == S.CONVENTION_SIGNED


def test_the_editor_is_told_to_sign_before_submitting_and_sees_the_signed_convention_004_4_2(
    client, dpi_draft, editor_member, representative
):
    login(client, representative)
    detail = client.get(f"/candidatures/{dpi_draft.pk}/").content.decode()
    assert "Prochaine étape : Signer la convention de référencement" in detail
    assert f"/mes-candidatures/{dpi_draft.pk}/convention/" in detail
    form = client.get(f"/candidatures/{dpi_draft.pk}/dossier/").content.decode()
    assert "À compléter avant la soumission" in form and "004 §4.2" in form
    page = client.get(f"/mes-candidatures/{dpi_draft.pk}/convention/").content.decode()
    assert "Générer le projet de convention" in page
    client.post(f"/mes-candidatures/{dpi_draft.pk}/convention/projet/")
    page = client.get(f"/mes-candidatures/{dpi_draft.pk}/convention/").content.decode()
    assert "Signer électroniquement" in page
    assert "Générer le projet" not in page  # the draft on the current data waits for signing
    client.post(
        f"/mes-candidatures/{dpi_draft.pk}/convention/",
        {"otp_token": one_time_code(representative), "approve": "on"},
    )
    detail = client.get(f"/candidatures/{dpi_draft.pk}/").content.decode()
    assert "Prochaine étape : Soumettre le dossier administratif" in detail
    assert "Convention signée le" in detail


def test_the_public_page_says_when_the_convention_is_signed_004_4_2_001_4_5(client, catalogues):
    dpi = client.get(f"/dispositifs/{DPI}/").content.decode()
    assert "avec le dossier de candidature, dont elle fait partie" in dpi
    assert "[004 §4.2]" in dpi
    va2 = client.get("/dispositifs/MS-DUI-Va2/").content.decode()
    assert "préparée par l'agence une fois toutes les preuves jugées conformes" in va2
    assert "[001 §4.5]" in va2
    silent = client.get("/dispositifs/MDV-LGC-Va1-SF/").content.decode()
    assert "La charte ne dit pas quand la convention est signée" in silent
