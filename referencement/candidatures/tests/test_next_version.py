"""The next version of a referenced solution (issue 14 item 5, 001 §1.2 « compatibilité
ascendante »): evidence carried forward with its provenance on the same stored files, only
what changed deposited again, the instructor's demand of a new deposit, and the lineage of
the attestations."""

from __future__ import annotations

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from conftest import login
from referencement.audit.models import AuditEvent
from referencement.candidatures import actions
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.journey import next_step
from referencement.candidatures.models import Candidature
from referencement.catalog.choices import VersionOrigin
from referencement.catalog.models import CatalogueVersion, Dispositif
from referencement.core.errors import Conflict
from referencement.evidence import actions as evidence_actions
from referencement.evidence.expected import expected_items
from referencement.evidence.models import Evidence
from referencement.files.models import Blob
from referencement.instruction.actions import require_redeposit, start_instruction
from referencement.registry.documents import attestation_html
from referencement.registry.editions import publish_edition
from referencement.registry.models import Attestation

from .next_version_setup import REFERENCED_VERSION, attribute, referenced_solution

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
REFERENCED_AT = datetime(2026, 6, 2, 10, tzinfo=PARIS)
CHANGED = "3.2.1"  # declared changed by the editor in these tests
ALWAYS = "SC.SSI/GEN.18"  # MS-DUI-Va2 « toujours redéposer » (intrusion test, profile AHI)


@pytest.fixture
def ms_dui(catalogues) -> Dispositif:
    return Dispositif.objects.get(code="MS-DUI-Va2")


@pytest.fixture
def referenced(ms_dui, editor_admin, instructor, agency_admin, college_member):
    return referenced_solution(
        ms_dui,
        representative=editor_admin,
        instructor=instructor,
        agency_admin=agency_admin,
        member=college_member,
        at=REFERENCED_AT,
    )


def _open(candidature, user, chapters=(CHANGED,), version="4.3.0"):
    return actions.open_next_version(
        candidature, actor=user, technical_version=version, changed_chapters=chapters
    )


def _chapter(evidence: Evidence) -> str:
    requirement = evidence.spec.scenario.requirement if evidence.spec_id else evidence.requirement
    return requirement.chapter.code if requirement and requirement.chapter_id else ""


def test_next_version_inherits_every_item_on_the_same_blob_with_its_verdict_001_1_2(
    referenced, editor_admin
):
    blobs = Blob.objects.count()
    attestation = referenced.attestations.get()
    new = _open(referenced, editor_admin)
    assert new.derived_from == referenced and new.status == S.DRAFT
    assert new.solution_name == referenced.solution_name
    assert new.technical_version == "4.3.0"
    assert new.previous_referencing_number == attestation.number
    assert new.chapter_changes[CHANGED] == "changed"
    assert new.chapter_changes["3.2.2"] == "unchanged"
    assert new.evidence.count() == referenced.evidence.count()
    assert Blob.objects.count() == blobs  # the content-addressed store holds each file once
    for item in new.evidence.select_related("spec__scenario__requirement__chapter"):
        carried = item.versions.get()
        original = carried.inherited_from
        assert item.inherited_from == original.evidence
        assert (carried.blob_id, carried.text) == (original.blob_id, original.text)
        assert carried.deposited_at == original.deposited_at
        if _chapter(item) == CHANGED:
            assert item.reopened_at and "chapitre 3.2.1 déclaré modifié" in item.reopened_reason
            assert not hasattr(carried, "verdict")
        else:
            assert item.reopened_at is None
            assert carried.verdict.value == original.verdict.value == "conforme"
    event = AuditEvent.objects.get(action="candidature.next_version_opened")
    assert event.new_values["attestation"] == attestation.number
    assert event.new_values["changed_chapters"] == [CHANGED]


def test_next_version_audit_row_lists_the_inherited_and_the_reopened_items_001_1_2(
    referenced, editor_admin
):
    new = _open(referenced, editor_admin)

    event = AuditEvent.objects.get(action="candidature.next_version_opened")
    items = list(new.evidence.select_related("spec__scenario__requirement__chapter"))
    reopened = {e.code for e in items if e.reopened_at}
    assert reopened and len(reopened) < len(items)
    assert set(event.new_values["to_redeposit"]) == reopened
    assert event.new_values["inherited"] == sorted(e.code for e in items if not e.reopened_at)
    assert "chapitre 3.2.1 déclaré modifié" in next(iter(event.new_values["to_redeposit"].values()))


def test_items_of_changed_requirements_and_always_redeposit_items_are_reopened_001_1_2(
    ms_dui, referenced, editor_admin
):
    kept = referenced.evidence.filter(requirement__chapter__code="3.2.2").first()
    catalogue = referenced.catalogue_version
    snapshot = copy.deepcopy(catalogue.snapshot)
    snapshot["requirements"][kept.code]["text"] = "Le système DOIT désormais faire autrement."
    CatalogueVersion.objects.create(
        dispositif=ms_dui,
        number=catalogue.number + 1,
        origin=VersionOrigin.FILE,
        source_name="MS-DUI-Va2.yaml",
        sha256="1" * 64,
        snapshot=snapshot,
    )
    ms_dui.always_redeposit = [ALWAYS, "CNDA"]
    ms_dui.save()
    new = _open(referenced, editor_admin, chapters=())
    reopened = {e.code: e.reopened_reason for e in new.evidence.filter(reopened_at__isnull=False)}
    assert set(reopened) == {kept.code, "CNDA"}
    assert "modifiée dans le catalogue" in reopened[kept.code]
    assert "toujours à déposer de nouveau" in reopened["CNDA"]


def test_another_editor_cannot_open_a_next_version_of_your_candidature(
    client, referenced, other_editor_admin
):
    with pytest.raises(PermissionDenied):
        _open(referenced, other_editor_admin)
    login(client, other_editor_admin)
    url = f"/candidatures/{referenced.pk}/nouvelle-version/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"technical_version": "9.9", "changed_chapters": [CHANGED]})
    assert response.status_code == 404
    assert not referenced.next_versions.exists()


def test_a_candidature_that_is_not_referenced_cannot_open_a_next_version(
    client, referenced, editor_admin
):
    new = _open(referenced, editor_admin)
    with pytest.raises(Conflict, match="Seule une solution référencée"):
        _open(new, editor_admin, version="4.4.0")
    login(client, editor_admin)
    page = client.get(f"/candidatures/{new.pk}/nouvelle-version/").content.decode()
    assert "Nouvelle version impossible" in page and "Seule une solution référencée" in page


def test_one_next_version_at_a_time_and_a_new_version_number(referenced, editor_admin):
    with pytest.raises(Exception, match="déjà référencée"):
        _open(referenced, editor_admin, version=REFERENCED_VERSION)
    _open(referenced, editor_admin)
    with pytest.raises(Conflict, match="déjà en cours"):
        _open(referenced, editor_admin, version="4.4.0")


def test_a_dispositif_whose_catalogue_forbids_it_refuses_in_french_004(
    client, catalogues, editor_admin
):
    dpi = Dispositif.objects.get(code="HOP-DPI-Va1")
    assert not dpi.next_version_allowed
    referenced = Candidature.objects.create(
        editor=editor_admin.editor,
        dispositif=dpi,
        status=S.REFERENCED,
        solution_name="DossierPlus",
        created_by=editor_admin,
    )
    Attestation.objects.create(
        number="SEGUR-HOP-DPI-Va1-2026-00001",
        candidature=referenced,
        dispositif=dpi,
        year=2026,
        sequence=1,
        editor_name=editor_admin.editor.name,
        solution_name="DossierPlus",
        sha256="0" * 64,
    )
    with pytest.raises(Conflict, match="HOP-DPI-Va1 ne prévoit pas de nouvelle version"):
        _open(referenced, editor_admin, chapters=())
    login(client, editor_admin)
    response = client.post(
        f"/candidatures/{referenced.pk}/nouvelle-version/", {"technical_version": "5.0"}
    )
    assert "ne prévoit pas de nouvelle version" in response.content.decode()
    assert not referenced.next_versions.exists()


def test_the_public_dispositif_page_states_the_assumption_citing_001_1_2(client, catalogues):
    page = client.get("/dispositifs/MS-DUI-Va2/").content.decode()
    assert "compatibilité ascendante" in page and "[001 §1.2]" in page
    page = client.get("/dispositifs/HOP-DPI-Va1/").content.decode()
    assert "nouvelle candidature complète" in page


def test_the_editor_opens_the_next_version_and_deposits_only_what_is_reopened(
    client, referenced, editor_admin, instructor
):
    login(client, editor_admin)
    detail = client.get(f"/candidatures/{referenced.pk}/").content.decode()
    assert f"/candidatures/{referenced.pk}/nouvelle-version/" in detail
    response = client.post(
        f"/candidatures/{referenced.pk}/nouvelle-version/",
        {"technical_version": "4.3.0", "changed_chapters": [CHANGED]},
    )
    new = referenced.next_versions.get()
    assert response.url == f"/candidatures/{new.pk}/"
    assert "Nouvelle version de la version 4.2.0" in client.get(response.url).content.decode()
    actions.submit_dossier(new, actor=editor_admin)
    actions.accept_dossier(new, actor=instructor)
    missing = [item for item in expected_items(new) if item.missing]
    assert missing and {item.chapter.code for item in missing} == {CHANGED}
    page = client.get(f"/candidatures/{new.pk}/preuves/?chapitre={CHANGED}").content.decode()
    assert "À déposer de nouveau" in page and "Reprise de la version 4.2.0" in page
    assert "chapitre 3.2.1 déclaré modifié" in page
    assert "Déjà validée lors du référencement précédent" not in page
    with pytest.raises(Conflict, match="l'équivalence ne s'applique pas"):
        evidence_actions.declare_equivalence(new, missing[0].code, actor=editor_admin)
    for item in missing:
        evidence_actions.deposit(new, item.code, actor=editor_admin, text="ID v4.3.0")
    assert not [item for item in expected_items(new) if item.missing]


def test_the_instructor_requires_an_inherited_item_again_through_a_solicitation(
    client, referenced, editor_admin, instructor, editor_member
):
    new = _open(referenced, editor_admin, chapters=())
    new.status, new.queue_entered_at = S.EVIDENCE_COMPLETE, new.created_at
    new.save()
    start_instruction(new, actor=instructor)
    item = new.evidence.exclude(reopened_at__isnull=False).order_by("pk").first()
    with pytest.raises(PermissionDenied):
        require_redeposit(item, "Capture illisible", actor=editor_member)
    login(client, instructor)
    workbench = client.get(f"/instruction/{new.pk}/").content.decode()
    assert "Reprise de la version 4.2.0" in workbench and "SHA-256" in workbench
    response = client.post(
        f"/instruction/{new.pk}/preuves/{item.pk}/redepot/", {"reason": "Capture illisible"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    new.refresh_from_db()
    assert new.status == S.AWAITING_EDITOR
    assert item.awaits_redeposit(1) and "Capture illisible" in item.reopened_reason
    assert item.code in new.solicitations.get().question
    assert AuditEvent.objects.filter(action="instruction.redeposit_required").exists()
    step = next_step(new)
    assert step.title.startswith("Déposer de nouveau") and item.code in step.text
    evidence_actions.deposit(new, item.code, actor=editor_admin, text="Nouvelle capture")
    assert next_step(new).title == "Répondre à la demande de complément de l'agence"


def test_the_attestation_of_the_next_version_names_the_version_it_derives_from(
    client, referenced, editor_admin, instructor, agency_admin, college_member
):
    previous = referenced.attestations.get()
    new = _open(referenced, editor_admin, chapters=())
    new.status, new.queue_entered_at = S.EVIDENCE_COMPLETE, new.created_at
    new.save()
    attribute(
        new,
        instructor=instructor,
        representative=editor_admin,
        agency_admin=agency_admin,
        member=college_member,
    )
    attestation = new.attestations.get()
    assert attestation.derives_from == previous
    assert "Dérive de la version 4.2.0, référencée sous le n° " + previous.number in (
        attestation_html(attestation, "https://exemple.test/")
    )
    page = client.get(f"/registre/attestations/{attestation.number}/").content.decode()
    assert "Dérive de la version 4.2.0" in page and previous.number in page
    assert (
        attestation.number
        in client.get(f"/registre/attestations/{previous.number}/").content.decode()
    )
    publish_edition()
    registry = client.get("/registre/").content.decode()
    assert (
        f"/registre/attestations/{previous.number}/" in registry
        and "dérive de la version" in registry
    )
    assert Attestation.objects.count() == 2
