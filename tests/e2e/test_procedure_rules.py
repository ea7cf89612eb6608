"""Issue 12 in Chromium: what a real user sees of the procedure rules, each refusal or
warning in French naming its rule (screenshots in results/e2e/<test>/).

- the editor withdrawing a referenced solution is told its attestation ends (item 5);
- the public registry of HOP-DPI-Va1 lists no candidate (004 §4.7, item 4);
- an equivalence claimed on a number the registry does not hold is refused (003 §3.1, item 3);
- a suspension is shown to the editor with its reason (000 §4.4, item 6);
- choosing a profile without requirement warns the editor (000 §3.2, item 12)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from referencement.candidatures.models import Candidature
from referencement.candidatures.testing import accepted, draft
from referencement.catalog.choices import Perimeter
from referencement.catalog.models import Dispositif
from referencement.evidence.expected import chapter_progress
from referencement.evidence.grid import ITEMS_PER_PAGE
from referencement.instruction.actions import start_instruction
from referencement.instruction.sanction_actions import suspend
from referencement.instruction.tests.fixtures import (
    attribute,
    judge_all,
    make_candidature,
)
from referencement.registry.editions import publish_edition

from .conftest import signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)
PARIS = ZoneInfo("Europe/Paris")
# 001 §4.2 (MS-DUI-Va2): before Date 2, then once the referencing is granted.
BEFORE_DATE_2_001 = datetime(2027, 5, 6, 10, tzinfo=PARIS)
AFTER_DATE_2_001 = datetime(2027, 10, 4, 10, tzinfo=PARIS)
BEFORE_DATE_1_003 = datetime(2024, 10, 1, 10, tzinfo=PARIS)  # 003 §4.1
BEFORE_DATE_2_003 = datetime(2025, 5, 6, 10, tzinfo=PARIS)


def test_the_editor_withdrawing_a_referenced_solution_is_told_the_attestation_ends_item_5(
    browser, live_server, shots, catalogues, editor, editor_member, staff
):
    dispositif = Dispositif.objects.get(code="MS-DUI-Va2")
    with time_machine.travel(BEFORE_DATE_2_001, tick=False) as mover:
        candidature = make_candidature(dispositif, editor=editor, created_by=editor_member)
        start_instruction(candidature, actor=staff.instructor)
        judge_all(candidature, staff.instructor)
        attribute(candidature, staff, mover)
    with time_machine.travel(AFTER_DATE_2_001):
        page = signed_in_page(browser, live_server, editor_member)
        page.goto(f"/candidatures/{candidature.pk}/")
        page.get_by_role("link", name="Retirer la candidature").click()
        expect(page.locator("main")).to_contain_text("met fin à son référencement")
        expect(page.locator("main")).to_contain_text("retirée à la demande de l'éditeur")
        # The button shows its words beside its icon (DSFR draws it icon-only otherwise).
        button = page.get_by_role("button", name="Retirer la candidature")
        assert button.bounding_box()["width"] > 150
        shots(page, "confirmation-du-retrait")
        assert blocking_violations(page) == []
        page.get_by_role("button", name="Retirer").click()
        attestation = candidature.attestations.get()
        page.goto(f"/registre/attestations/{attestation.number}/")
        expect(page.locator("main")).to_contain_text(
            "Référencement retiré à la demande de l'éditeur"
        )
        expect(page.locator("main")).to_contain_text("Retirée à la demande de l'éditeur le")
        shots(page, "attestation-retiree")


def test_the_public_registry_of_hop_dpi_va1_lists_no_candidate_004_4_7(
    page, shots, catalogues, editor, editor_member
):
    make_candidature(
        Dispositif.objects.get(code="HOP-DPI-Va1"),
        editor=editor,
        created_by=editor_member,
        solution_name="Confidentielle",
    )
    publish_edition()
    page.goto("/registre/?liste=candidats&dispositif=HOP-DPI-Va1")
    main = page.locator("main")
    expect(main).to_contain_text(
        "Candidats confidentiels : le dispositif HOP-DPI-Va1 ne publie que les solutions "
        "référencées (004 §4.7 « Confidentialité »)."
    )
    expect(main).not_to_contain_text("Confidentielle")
    shots(page, "registre-candidats-hop-dpi")


def test_an_equivalence_on_a_number_the_registry_does_not_hold_is_refused_003_3_1(
    browser, live_server, shots, catalogues, editor_member, instructor
):
    with time_machine.travel(BEFORE_DATE_1_003, tick=False):
        candidature = accepted("HOP-PFI-Va2", editor_member, instructor)
    Candidature.objects.filter(pk=candidature.pk).update(
        previous_referencing_number="SEGUR-HOP-PFI-Va1-2022-99999"
    )
    with time_machine.travel(BEFORE_DATE_2_003):
        # The claim is offered on the requirements of the equivalence perimeter only.
        chapter, index = next(
            (chapter, index)
            for chapter in chapter_progress(candidature)
            for index, item in enumerate(chapter.items)
            if item.requirement and item.requirement.perimeter == Perimeter.WAVE_1
        )
        page = signed_in_page(browser, live_server, editor_member)
        query = f"chapitre={chapter.slug}&page={index // ITEMS_PER_PAGE + 1}"
        page.goto(f"/candidatures/{candidature.pk}/preuves/?{query}")
        page.get_by_role("button", name="Déjà validée lors du référencement").first.click()
        message = page.get_by_text("Équivalence refusée (001 §3.1, 003 §3.1)")
        expect(message).to_be_visible()
        expect(message).to_contain_text("n'existe pas au registre")
        shots(page, "equivalence-refusee")


def test_a_suspension_is_shown_to_the_editor_with_its_reason_000_4_4(
    browser, live_server, shots, catalogues, editor, editor_member, instructor, agency_admin
):
    with time_machine.travel(BEFORE_DATE_2_001, tick=False):
        candidature = make_candidature(
            Dispositif.objects.get(code="MS-DUI-Va2"), editor=editor, created_by=editor_member
        )
        start_instruction(candidature, actor=instructor)
        suspend(candidature, reason="Données de santé réelles transmises", actor=agency_admin)
    page = signed_in_page(browser, live_server, editor_member)
    page.goto(f"/candidatures/{candidature.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("Candidature suspendue")
    expect(main).to_contain_text("Données de santé réelles transmises")
    shots(page, "candidature-suspendue")
    assert blocking_violations(page) == []


def test_choosing_a_profile_without_requirement_warns_the_editor_000_3_2(
    browser, live_server, shots, catalogues, editor_member
):
    candidature = draft("MS2-DUI-PDE-Va1-SF", editor_member)
    page = signed_in_page(browser, live_server, editor_member)
    page.goto(f"/candidatures/{candidature.pk}/dossier/")
    mailiz = page.get_by_label("Opérateur Mailiz")
    warning = page.locator(f"#{mailiz.get_attribute('id')}-empty")
    expect(warning).to_contain_text("Aucune exigence publiée pour ce profil")
    expect(warning).to_contain_text("000 §3.2")
    # DSFR draws the box in its label, which takes the click.
    page.get_by_text("Opérateur Mailiz", exact=True).click()
    page.get_by_text("Spécifique – DUI esclave de l'identité", exact=True).click()
    expect(mailiz).to_be_checked()
    shots(page, "profil-sans-exigence")
    page.get_by_role("button", name="Enregistrer").first.click()
    expect(page.locator(".fr-alert--warning, .fr-alert--info").first).to_be_visible()
    expect(page.get_by_text("« Opérateur Mailiz » : Aucune exigence publiée")).to_be_visible()
    shots(page, "avertissement-apres-enregistrement")
