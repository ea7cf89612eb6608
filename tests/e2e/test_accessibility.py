"""Automated accessibility check (axe-core, injected in the page): no serious or critical
violation on the main pages (RGAA, DESIGN §6)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import TEST_PASSWORD
from referencement.candidatures import actions as candidatures
from referencement.candidatures.testing import draft, fill_dossier
from referencement.evidence import actions as evidence
from referencement.evidence.expected import expected_items
from referencement.instruction.actions import start_instruction

from .conftest import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("path", ["/", "/connexion/", "/nulle-part/"])
def test_public_pages_have_no_serious_accessibility_violation(page, path):
    page.goto(path)
    assert blocking_violations(page) == []


def test_enrolment_page_has_no_serious_accessibility_violation(page, agency_admin):
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(agency_admin.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/connexion/enrolement/")
    assert blocking_violations(page) == []


def test_login_form_is_usable_with_the_keyboard_only(page, agency_admin):
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").focus()
    page.keyboard.type(agency_admin.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/connexion/enrolement/")


@pytest.fixture
def in_instruction(catalogues, editor_admin, instructor):
    """A candidature in instruction (every expected item deposited as a text)."""
    candidature = fill_dossier(draft("MS2-DUI-PDE-Va1-SF", editor_admin), editor_admin)
    candidatures.submit_dossier(candidature, actor=editor_admin)
    candidatures.accept_dossier(candidature, actor=instructor)
    for item in expected_items(candidature):
        evidence.deposit(candidature, item.code, actor=editor_admin, text="id-42")
    evidence.submit_evidence_dossier(candidature, actor=editor_admin)
    start_instruction(candidature, actor=instructor)
    return candidature


def _violations_by_page(browser, live_server, user, paths: list[str]) -> dict[str, list]:
    page = signed_in_page(browser, live_server, user)
    found = {}
    try:
        for path in paths:
            page.goto(path)
            assert page.url.endswith(path), f"{path} redirected to {page.url}"
            found[path] = blocking_violations(page)
    finally:
        page.context.close()
    return {path: violations for path, violations in found.items() if violations}


def test_main_editor_and_instructor_pages_have_no_serious_accessibility_violation(
    browser, live_server, in_instruction, editor_admin, instructor
):
    """One candidature in instruction serves both sides (the set-up is the slow part)."""
    pk, editor = in_instruction.pk, in_instruction.editor_id
    editor_pages = [
        "/",
        "/candidatures/",
        "/candidatures/nouvelle/",
        f"/candidatures/{pk}/",
        f"/candidatures/{pk}/dossier/",
        f"/candidatures/{pk}/preuves/",
        f"/mes-candidatures/{pk}/instruction/",
        f"/mes-candidatures/{pk}/convention/",
        f"/editeurs/{editor}/",
        f"/editeurs/{editor}/modifier/",
    ]
    instructor_pages = ["/", "/instruction/", f"/instruction/{pk}/"]
    assert _violations_by_page(browser, live_server, editor_admin, editor_pages) == {}
    assert _violations_by_page(browser, live_server, instructor, instructor_pages) == {}
