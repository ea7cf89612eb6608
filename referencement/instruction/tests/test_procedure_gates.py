"""The procedure exactly as the texts state it (issue 12): no referencing the texts would
refuse. Each test names the rule and the section of the seed it comes from."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import escape

from conftest import login
from referencement.accounts.testing import issue_api_token
from referencement.audit.models import AuditEvent
from referencement.candidatures import actions as candidature_actions
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.models import Candidature
from referencement.candidatures.testing import accepted
from referencement.catalog.catalogue_files import catalogue_paths, read_catalogue
from referencement.catalog.models import Chapter, Profile, Requirement
from referencement.college.actions import (
    issue_after_cnda,
)
from referencement.core.errors import Conflict
from referencement.evidence import actions as evidence_actions
from referencement.evidence.models import ChapterSubmission
from referencement.instruction.actions import (
    complete_instruction,
    give_verdict,
    judge_equivalence,
    start_instruction,
)
from referencement.instruction.choices import VerdictValue
from referencement.instruction.models import ClockPeriod
from referencement.instruction.sanction_actions import exclude, resume, suspend
from referencement.instruction.tests.fixtures import (
    attribute,
    judge_all,
    latest_versions,
    make_candidature,
    only_test_requirements,
    source_attestation,
)
from referencement.notifications.models import Notification
from referencement.registry.choices import AttestationStatus
from referencement.registry.editions import publish_edition

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
# 001 §4.2: Date 1 01/10/2026, Date 2 01/10/2027, Date 3 15/03/2028 (MS-DUI-Va2).
BEFORE_DATE_1 = datetime(2026, 5, 6, 10, tzinfo=PARIS)
BEFORE_DATE_2 = datetime(2027, 5, 6, 10, tzinfo=PARIS)
AFTER_DATE_2 = datetime(2027, 10, 4, 10, tzinfo=PARIS)
AFTER_DATE_3 = datetime(2028, 4, 3, 10, tzinfo=PARIS)


def _own_profile(candidature) -> Profile:
    return candidature.profiles.get(mandatory=False)


def _requirement(profile: Profile, code: str, chapter: Chapter | None = None) -> Requirement:
    requirement = Requirement.objects.create(
        dispositif=profile.dispositif, code=code, chapter=chapter, perimeter="vague_2"
    )
    requirement.profiles.set([profile])
    return requirement


def _accepted_with(dispositif, editor_member, instructor, requirements: dict):
    """A dossier accepted through the actions, whose only requirements are `requirements`
    (code → chapter) of the Général profile."""
    candidature = accepted(dispositif.code, editor_member, instructor)
    only_test_requirements(candidature.dispositif)
    general = candidature.dispositif.profiles.get(code="GENERAL")
    for code, chapter in requirements.items():
        _requirement(general, code, chapter)
    return candidature


# --- Item 1: the complete dossier -------------------------------------------------------


@time_machine.travel(BEFORE_DATE_2, tick=False)
def test_instruction_completes_only_when_every_applicable_item_is_judged_001_4_4(
    catalogues, editor, editor_member, instructor
):
    candidature = make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
    )
    start_instruction(candidature, actor=instructor)
    judge_all(candidature, instructor)
    # A requirement of a chosen profile with nothing deposited: the dossier is not complete.
    _requirement(_own_profile(candidature), "SC.TEST.NON-DEPOSEE")
    with pytest.raises(
        ValidationError, match="Dossier complet de preuves exigé.*SC.TEST.NON-DEPOSEE"
    ):
        complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    evidence_actions.deposit(candidature, "SC.TEST.NON-DEPOSEE", actor=editor_member, text="ID")
    with pytest.raises(ValidationError, match="SC.TEST.NON-DEPOSEE"):
        complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    judge_all(candidature, instructor)
    complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    candidature.refresh_from_db()
    assert candidature.status == S.INSTRUCTED


def test_chapters_submitted_one_by_one_join_the_same_instruction_001_4_4(
    catalogues, editor_member, instructor
):
    dispositif = catalogues["MS-DUI-Va2"]
    first, second = dispositif.chapters.order_by("order")[:2]
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        candidature = _accepted_with(
            dispositif,
            editor_member,
            instructor,
            {"SC.TEST.CHAP-1": first, "SC.TEST.CHAP-2": second},
        )
        evidence_actions.deposit(candidature, "SC.TEST.CHAP-1", actor=editor_member, text="ID 1")
        evidence_actions.submit_chapter(candidature, first.code, actor=editor_member)
        start_instruction(candidature, actor=instructor)
        candidature.refresh_from_db()
        evidence_actions.deposit(candidature, "SC.TEST.CHAP-2", actor=editor_member, text="ID 2")
        evidence_actions.submit_chapter(candidature, second.code, actor=editor_member)
    candidature.refresh_from_db()
    assert candidature.status == S.IN_INSTRUCTION
    assert ChapterSubmission.objects.filter(candidature=candidature).count() == 2


def test_an_item_never_deposited_by_date_2_cannot_arrive_after_it_001_4_4(
    catalogues, editor_member, instructor
):
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        candidature = _accepted_with(
            catalogues["MS-DUI-Va2"],
            editor_member,
            instructor,
            {"SC.TEST.A-TEMPS": None, "SC.TEST.EN-RETARD": None},
        )
        evidence_actions.deposit(candidature, "SC.TEST.A-TEMPS", actor=editor_member, text="v1")
    with time_machine.travel(AFTER_DATE_2, tick=False):
        with pytest.raises(Conflict, match="Dossier complet exigé à la Date 2"):
            evidence_actions.deposit(
                candidature, "SC.TEST.EN-RETARD", actor=editor_member, text="trop tard"
            )
        # A correction of an item deposited in time is still received until Date 3.
        evidence_actions.deposit(candidature, "SC.TEST.A-TEMPS", actor=editor_member, text="v2")


@time_machine.travel(BEFORE_DATE_2, tick=False)
def test_a_profile_whose_items_are_not_all_judged_is_never_on_the_attestation_001_4_4(
    catalogues, editor, editor_member, staff
):
    dispositif = catalogues["MS-DUI-Va2"]
    candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
    start_instruction(candidature, actor=staff.instructor)
    judge_all(candidature, staff.instructor)
    added = Profile.objects.create(dispositif=dispositif, code="AJOUTE", label="Profil ajouté")
    _requirement(added, "SC.TEST.PROFIL-AJOUTE")
    with time_machine.travel(BEFORE_DATE_2, tick=False) as mover:
        # 001 §4.3: added before Date 2, after the instruction ended: never instructed.
        attribute(
            candidature,
            staff,
            mover,
            after_instruction=lambda: candidature_actions.set_profiles(
                candidature,
                [p.code for p in candidature.profiles.all()] + ["AJOUTE"],
                actor=editor_member,
            ),
        )
    attestation = candidature.attestations.get()
    assert "Profil ajouté" not in attestation.profiles
    assert "Général" in attestation.profiles


# --- Item 2: the CNDA homologation stays mandatory --------------------------------------


def test_cnda_derogation_lets_the_college_attribute_but_the_attestation_waits_for_it_001_4_4(
    catalogues, editor, editor_member, instructor, staff
):
    with time_machine.travel(BEFORE_DATE_2, tick=False) as mover:
        candidature = make_candidature(
            catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
        )
        start_instruction(candidature, actor=instructor)
        # The CNDA item holds the pre-examination report: derogation.
        judge_all(candidature, instructor, cnda=VerdictValue.DEROGATION)
        candidature = attribute(candidature, staff, mover)
    assert candidature.status == S.AWAITING_CNDA
    assert not candidature.attestations.exists()
    with pytest.raises(ValidationError, match="Homologation CNDA obligatoire"):
        issue_after_cnda(candidature, actor=instructor)
    with time_machine.travel(AFTER_DATE_3, tick=False):
        # 001 §4.4: after Date 3, only the CNDA attestation and a late PSC habilitation.
        with pytest.raises(Conflict, match="Seules l'attestation d'homologation CNDA"):
            evidence_actions.deposit(
                candidature,
                latest_versions(candidature)[0].evidence.code,
                actor=editor_member,
                text="Preuve tardive",
            )
        version = evidence_actions.deposit(
            candidature, "CNDA", actor=editor_member, text="Attestation d'homologation CNDA"
        )
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
        issue_after_cnda(candidature, actor=instructor)
    candidature.refresh_from_db()
    assert candidature.status == S.REFERENCED
    assert candidature.attestations.get().status == AttestationStatus.VALID


@pytest.mark.parametrize(
    ("code", "has_derogation"),
    [
        ("MS-DUI-Va2", True),
        ("HOP-PFI-Va2", True),
        ("HOP-DPI-Va1", False),
        ("MDV-LGC-Va1-SF", False),
    ],
)
def test_the_instructor_page_states_the_cnda_rule_001_4_4(
    client, catalogues, editor, editor_member, instructor, code, has_derogation
):
    """001 §4.4, 003 §4.4: the page states the CNDA derogation rule where the catalogue has
    a derogation, and nowhere else (004 and 000 have none)."""
    candidature = make_candidature(catalogues[code], editor=editor, created_by=editor_member)
    start_instruction(candidature, actor=instructor)
    login(client, instructor)
    page = client.get(f"/instruction/{candidature.pk}/").content.decode()
    assert ("l'homologation CNDA reste obligatoire" in page) == has_derogation


# --- Item 5: a withdrawn referencing is not valid ----------------------------------------


@pytest.fixture
def referenced(catalogues, editor, editor_member, staff):
    with time_machine.travel(BEFORE_DATE_2, tick=False) as mover:
        candidature = make_candidature(
            catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
        )
        start_instruction(candidature, actor=staff.instructor)
        judge_all(candidature, staff.instructor)
        return attribute(candidature, staff, mover)


def test_withdrawing_a_referenced_candidature_ends_its_attestation_issue_12_item_5(
    client, editor_member, referenced
):
    candidature = referenced
    assert candidature.status == S.REFERENCED
    with time_machine.travel(AFTER_DATE_2, tick=False):
        login(client, editor_member)
        confirm = client.get(f"/candidatures/{candidature.pk}/retirer/").content.decode()
        assert "met fin à son référencement" in confirm
        assert "retirée à la demande de l&#x27;éditeur" in confirm
        client.post(f"/candidatures/{candidature.pk}/retirer/")
        candidature.refresh_from_db()
        attestation = candidature.attestations.get()
        assert candidature.status == S.WITHDRAWN
        assert attestation.status == AttestationStatus.EDITOR_WITHDRAWN
        assert attestation.ended_at == AFTER_DATE_2
        public = client.get(f"/registre/attestations/{attestation.number}/").content.decode()
        assert "Retirée à la demande de l&#x27;éditeur" in public


def test_the_api_withdrawal_of_a_referenced_candidature_ends_its_attestation_too(
    client, editor_member, referenced
):
    candidature = referenced
    with time_machine.travel(AFTER_DATE_2, tick=False):
        _, clear = issue_api_token(editor_member, name="CI")
        response = client.post(
            f"/api/v1/candidatures/{candidature.pk}/withdraw",
            HTTP_AUTHORIZATION=f"Bearer {clear}",
        )
    assert response.status_code == 200
    assert response.json()["status"] == S.WITHDRAWN
    assert candidature.attestations.get().status == AttestationStatus.EDITOR_WITHDRAWN


# --- Item 6: suspension and exclusion ---------------------------------------------------


@time_machine.travel(BEFORE_DATE_2, tick=False)
def test_suspension_stops_the_clock_and_tells_the_editor_why_000_4_4(
    client, catalogues, editor, editor_member, instructor, agency_admin
):
    candidature = make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
    )
    start_instruction(candidature, actor=instructor)
    with pytest.raises(PermissionDenied):
        suspend(candidature, reason="Données réelles transmises", actor=instructor)
    with pytest.raises(ValidationError, match="motif"):
        suspend(candidature, reason=" ", actor=agency_admin)
    suspend(candidature, reason="Données de santé réelles transmises", actor=agency_admin)
    candidature.refresh_from_db()
    assert candidature.status == S.SUSPENDED
    assert not ClockPeriod.objects.filter(candidature=candidature, ended_at__isnull=True).exists()
    notice = Notification.objects.get(kind="instruction.suspended", recipient=editor_member)
    assert "Données de santé réelles transmises" in notice.body
    assert AuditEvent.objects.filter(action="candidature.suspended").exists()
    login(client, editor_member)
    page = client.get(f"/candidatures/{candidature.pk}/").content.decode()
    assert "Candidature suspendue" in page and "Données de santé réelles transmises" in page
    with pytest.raises(ValidationError, match="pas en cours d'instruction"):
        give_verdict(latest_versions(candidature)[0], VerdictValue.CONFORME, actor=instructor)
    resume(candidature, actor=agency_admin)
    candidature.refresh_from_db()
    assert candidature.status == S.IN_INSTRUCTION
    assert ClockPeriod.objects.filter(candidature=candidature, ended_at__isnull=True).exists()


@time_machine.travel(BEFORE_DATE_2, tick=False)
def test_exclusion_is_final_000_4_4_002_4_4_004_4_8(
    catalogues, editor, editor_member, instructor, agency_admin
):
    candidature = make_candidature(
        catalogues["HOP-DPI-Va1"], editor=editor, created_by=editor_member
    )
    start_instruction(candidature, actor=instructor)
    exclude(candidature, reason="Preuves non sincères, confirmées", actor=agency_admin)
    candidature.refresh_from_db()
    assert candidature.status == S.EXCLUDED and candidature.is_final
    assert not ClockPeriod.objects.filter(candidature=candidature, ended_at__isnull=True).exists()
    notice = Notification.objects.get(kind="instruction.excluded", recipient=editor_member)
    assert "Preuves non sincères, confirmées" in notice.body
    assert AuditEvent.objects.filter(action="candidature.excluded").exists()
    with pytest.raises(ValidationError):
        resume(candidature, actor=agency_admin)
    with pytest.raises(ValidationError):
        suspend(candidature, reason="Encore", actor=agency_admin)
    # A suspended candidature may be excluded too: its suspension ends with it.
    suspended = make_candidature(catalogues["HOP-DPI-Va1"], editor=editor, created_by=editor_member)
    suspend(suspended, reason="Preuves non sincères", actor=agency_admin)
    exclude(suspended, reason="Preuves non sincères, confirmées", actor=agency_admin)
    assert not suspended.suspensions.filter(lifted_at__isnull=True).exists()


def test_a_granted_referencing_is_not_suspended_but_withdrawn_000_4_4(referenced, agency_admin):
    candidature = referenced
    with pytest.raises(ValidationError, match="se retire ou se révoque depuis le registre"):
        suspend(candidature, reason="Usage abusif du logo", actor=agency_admin)


# --- Item 4: confidentiality of candidates ----------------------------------------------


def test_candidates_in_progress_are_public_only_where_the_text_allows_it_004_4_7(
    client, catalogues, editor, editor_member
):
    make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member, solution_name="VagueDeux"
    )
    make_candidature(
        catalogues["HOP-DPI-Va1"],
        editor=editor,
        created_by=editor_member,
        solution_name="Confidentiel",
    )
    publish_edition()  # the worker's task once the candidatures are committed (issue 15)
    page = client.get("/registre/", {"liste": "candidats"}).content.decode()
    assert "VagueDeux" in page and "Confidentiel" not in page
    listed = client.get("/api/v1/registry").json()["candidates"]
    assert [c["solution"] for c in listed] == ["VagueDeux"]


# --- Item 3: equivalence is a checked claim ---------------------------------------------


@time_machine.travel(datetime(2025, 5, 6, 10, tzinfo=PARIS), tick=False)  # 003 §4.1: before Date 2
def test_an_equivalence_is_a_claim_checked_against_the_registry_003_3_1(
    catalogues, editor, other_editor, editor_member, instructor
):
    dispositif = catalogues["HOP-PFI-Va2"]
    candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
    wave_1 = _requirement(_own_profile(candidature), "SC.TEST.VAGUE-1")
    wave_1.perimeter = "vague_1"
    wave_1.save()

    def claim(number: str, code: str = "SC.TEST.VAGUE-1"):
        candidature.previous_referencing_number = number
        candidature.save()
        return evidence_actions.declare_equivalence(candidature, code, actor=editor_member)

    with pytest.raises(Conflict, match="n'existe pas au registre"):
        claim("SEGUR-HOP-PFI-Va1-2022-99999")
    theirs = source_attestation(other_editor, "HOP-PFI-Va1", editor_member)
    with pytest.raises(Conflict, match="appartient à un autre éditeur"):
        claim(theirs.number)
    other_source = source_attestation(editor, "MS1-DUI-Va1", editor_member)
    with pytest.raises(Conflict, match="pas d'un dispositif source"):
        claim(other_source.number)
    ours = source_attestation(editor, "HOP-PFI-Va1", editor_member)
    wave_2_code = latest_versions(candidature)[0].evidence.code
    with pytest.raises(Conflict, match="périmètre Vague 1"):
        claim(ours.number, wave_2_code)
    evidence = claim(ours.number)

    start_instruction(candidature, actor=instructor)
    judge_all(candidature, instructor)
    with pytest.raises(ValidationError, match="SC.TEST.VAGUE-1"):
        complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    with pytest.raises(ValidationError, match="motivé"):
        judge_equivalence(evidence, False, actor=instructor)
    judge_equivalence(evidence, True, actor=instructor)
    complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)


# --- Scenario per dispositif: every forbidden path refused, in French, naming the rule ---

SCENARIOS = [
    pytest.param("MS-DUI-Va2", "001", datetime(2027, 5, 6, 10, tzinfo=PARIS), id="001"),
    pytest.param("HOP-PFI-Va2", "003", datetime(2025, 5, 6, 10, tzinfo=PARIS), id="003"),
    pytest.param("HOP-DPI-Va1", "004", datetime(2022, 3, 7, 10, tzinfo=PARIS), id="004"),
    pytest.param("MS2-DUI-PDE-Va1-SF", "000", datetime(2026, 2, 2, 10, tzinfo=PARIS), id="000"),
    pytest.param("MDV-LGC-Va1-SF", "002", datetime(2026, 2, 2, 10, tzinfo=PARIS), id="002"),
]


@pytest.mark.parametrize(("code", "text", "start"), SCENARIOS)
def test_every_forbidden_path_is_refused_naming_its_rule(
    client, catalogues, editor, editor_member, instructor, staff, code, text, start
):
    dispositif = catalogues[code]
    with time_machine.travel(start, tick=False) as mover:
        candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
        start_instruction(candidature, actor=instructor)
        derogation = dispositif.extra_evidence.exclude(derogation="").exists()
        judge_all(candidature, instructor, cnda=VerdictValue.DEROGATION if derogation else "")
        # Referencing with a missing item (001 §4.4, 003 §4.3, 004 §4.3), refused citing
        # the section of the dispositif's own text.
        missing = _requirement(_own_profile(candidature), "SC.TEST.MANQUANTE")
        with pytest.raises(
            ValidationError, match=rf"Dossier complet de preuves exigé \({text} §[^)]*\)"
        ):
            complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
        missing.status = "retired"
        missing.save()
        # Referencing without CNDA (001 §4.4, 003 §4.3, 004 §4.2): a CNDA item not judged
        # conforme (nor under derogation) keeps the instruction open.
        cnda = next((v for v in latest_versions(candidature) if v.evidence.code == "CNDA"), None)
        if cnda is not None:
            give_verdict(cnda, VerdictValue.NON_CONFORME, "Attestation absente.", actor=instructor)
            with pytest.raises(ValidationError, match="Dossier complet de preuves exigé.*CNDA"):
                complete_instruction(
                    candidature, proposal="Attribution proposée.", actor=instructor
                )
            judge_all(candidature, instructor, cnda=VerdictValue.DEROGATION if derogation else "")
        # With a false equivalence (001 §3.1, 003 §3.1): a number the registry does not
        # hold, or a dispositif whose text provides no equivalence at all.
        Candidature.objects.filter(pk=candidature.pk).update(
            previous_referencing_number="SEGUR-INCONNU-2020-00001"
        )
        candidature.refresh_from_db()
        refusal = (
            "n'existe pas au registre"
            if dispositif.evidence_equivalence
            else f"le dispositif {code} ne prévoit pas d'équivalence"
        )
        with pytest.raises(
            Conflict, match=rf"Équivalence refusée \(001 §3.1, 003 §3.1\) : .*{refusal}"
        ):
            evidence_actions.declare_equivalence(
                candidature, latest_versions(candidature)[0].evidence.code, actor=editor_member
            )
        # Without the CNDA attestation: attributed, but no attestation of referencing.
        candidature = attribute(candidature, staff, mover)
        if derogation:
            assert candidature.status == S.AWAITING_CNDA
            with pytest.raises(ValidationError, match=r"Homologation CNDA obligatoire \(001 §4.4"):
                issue_after_cnda(candidature, actor=instructor)
            version = evidence_actions.deposit(
                candidature, "CNDA", actor=editor_member, text="Attestation d'homologation"
            )
            give_verdict(version, VerdictValue.CONFORME, actor=instructor)
            issue_after_cnda(candidature, actor=instructor)
        candidature.refresh_from_db()
        assert candidature.status == S.REFERENCED
        # A withdrawn referencing still valid (issue 12 item 5): withdrawal ends the
        # attestation and the public check says so.
        mover.move_to(start + timedelta(days=60))
        candidature_actions.withdraw(candidature, actor=editor_member)
        attestation = candidature.attestations.get()
        assert attestation.status == AttestationStatus.EDITOR_WITHDRAWN
        check = client.get(f"/registre/attestations/{attestation.number}/").content.decode()
        assert "Retirée à la demande de l&#x27;éditeur" in check
        # A candidate visible in public where the text keeps it confidential (000 §4.3,
        # 002 §4.3, 004 §4.7); wave 2 publishes them (001 §4.1, 003 §4.2.4).
        make_candidature(
            dispositif, editor=editor, created_by=editor_member, solution_name="EnCours"
        )
        publish_edition()
        listed = client.get("/api/v1/registry", {"dispositif": code}).json()["candidates"]
        assert [c["solution"] for c in listed] == (
            ["EnCours"] if dispositif.candidates_public else []
        )
        page = client.get("/registre/", {"liste": "candidats", "dispositif": code}).content.decode()
        assert ("EnCours" in page) == dispositif.candidates_public
        confidential = (
            f"Candidats confidentiels : le dispositif {code} ne publie que les solutions "
            f"référencées ({escape(dispositif.parameter_source('candidates_public'))})."
        )
        assert (confidential in page) != dispositif.candidates_public
        assert "004 §4.7 « Confidentialité »" in page


# Raw catalogue values that must never reach the public page in place of plain French.
RAW_VALUES = re.compile(
    r"\b(?:working_days|calendar_days|add_until_date_2|sans_reserve|reserves_(?:non_)?bloquantes"
    r"|vague_[12]|True|False|None|candidates_public|queue_basis)\b"
)


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: path.stem)
def test_the_public_dispositif_page_states_every_parameter_with_its_source_issue_12(
    client, catalogues, path
):
    """Issue 12: « the catalogue YAML files carry the new parameters with the source of each;
    the public dispositif page lists them in plain French »."""
    parameters = read_catalogue(path).data["parameters"]
    dispositif = catalogues[path.stem]
    page = client.get(f"/dispositifs/{dispositif.code}/").content.decode()
    main = page[
        page.index("<h2>Règles du dispositif</h2>") : page.index("<h3>Dossier administratif")
    ]
    assert not RAW_VALUES.findall(main)
    cited = {**parameters.get("sources", {})}
    cited |= {
        name: v["source"] for name, v in parameters.items() if isinstance(v, dict) and "source" in v
    }
    assert cited.keys() >= set(parameters) - {
        "assumed",
        "assumption_note",
        "sources",
        "next_version",
    }
    assert cited.keys() >= {"complete_dossier", "profile_attestation"}
    # The calendar states the parameters that are dates (the end of the evidence deposit).
    calendar = page[page.index("<h2>Calendrier</h2>") : page.index("<h2>Profils</h2>")]
    for name, source in cited.items():
        assert escape(source) in main + calendar, name
    assert main.count("hypothèse</span>") >= len(parameters.get("assumed", []))
    wave_2 = dispositif.candidates_public
    assert ("publiés dans le registre public" in main) == wave_2
    assert ("confidentiels, seules les solutions référencées sont publiées" in main) != wave_2
    if dispositif.evidence_equivalence:
        assert "périmètre Vague 1" in main
    if dispositif.extra_evidence.filter(late_deposit=True).exists():
        assert "Peut être déposée après la Date 3." in page


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda path: path.stem)
def test_each_date_of_the_public_page_cites_its_source_issue_12(client, catalogues, path):
    """Issue 12: a date (001 §4.2, 003 §4.1, 000/002 §4.1 recommended dates) is a parameter
    too: the public page shows each one beside the section of the text that sets it."""
    milestones = read_catalogue(path).data["milestones"]
    page = client.get(f"/dispositifs/{catalogues[path.stem].code}/").content.decode()
    dates = page[page.index("<caption>Dates</caption>") : page.index("<h2>Profils</h2>")]
    for milestone in milestones:
        row = re.search(rf"<tr><td>Date {milestone['number']}</td>.*?</tr>", dates).group(0)
        assert f"<td>{escape(milestone['source'])}</td>" in row


def test_a_profile_without_requirements_says_so_and_is_never_granted_issue_12_item_12(
    client, catalogues, editor, editor_member, staff
):
    dispositif = catalogues["MS2-DUI-PDE-Va1-SF"]
    empty = dispositif.profiles.get(code="STOCKAGE-TITRES")
    assert not empty.requirements.exists()
    page = client.get(f"/dispositifs/{dispositif.code}/").content.decode()
    assert "Aucune exigence publiée" in page
    with time_machine.travel(datetime(2026, 2, 2, 10, tzinfo=PARIS), tick=False) as mover:
        candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
        candidature.profiles.add(empty)
        start_instruction(candidature, actor=staff.instructor)
        judge_all(candidature, staff.instructor)
        attribute(candidature, staff, mover)
    assert empty.label not in candidature.attestations.get().profiles
