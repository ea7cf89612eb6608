"""Public pages, the dossier form and a conformity report in Chromium (issue 11 items 6, 7
and 9): no horizontal scrolling at 390 px (RGAA 10.11), no serious or critical axe-core
violation, the dossier form's sections and rows working with JavaScript, and the API
documentation rendering with every outside request cut."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from referencement.candidatures.testing import accepted, draft, load_catalogues, pending
from referencement.core.worker import run_once
from referencement.evidence import actions as evidence
from referencement.evidence.expected import expected_items

from .conftest import Shots, signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CODE = "MS2-DUI-PDE-Va1-SF"
PUBLIC_PAGES = [
    "/",
    "/dispositifs/",
    f"/dispositifs/{CODE}/",
    f"/dispositifs/{CODE}/exigences/",
    "/registre/",
    "/registre/verifier/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/gestion-des-cookies/",
    "/plan-du-site/",
]
BROKEN_CDA = (
    b'<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">\n<id></ClinicalDocument>'
)


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _check(page, shots: Shots, name: str) -> dict:
    """Overflow at 390 px, axe-core at 1280 px, a screenshot of each."""
    problems = {}
    page.set_viewport_size(PHONE)
    shots(page, f"{name}-390")
    if _overflow(page) > PHONE["width"]:
        problems["largeur"] = _overflow(page)
    page.set_viewport_size(DESKTOP)
    shots(page, f"{name}-1280")
    violations = blocking_violations(page)
    if violations:
        problems["axe"] = violations
    return problems


def test_public_pages_fit_a_phone_and_pass_axe(page):
    load_catalogues()
    shots = Shots("public_pages")
    found = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        problems = _check(page, shots, path.strip("/").replace("/", "_") or "accueil")
        if problems:
            found[path] = problems
    assert found == {}


def test_the_api_documentation_renders_with_every_outside_request_cut(page, live_server):
    outside = []

    def only_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("Référencement")
    Shots("api_docs")(page, "swagger")
    assert outside == []


def test_the_dossier_form_fits_a_phone_passes_axe_and_works_with_javascript(
    browser, live_server, editor_member
):
    load_catalogues()
    candidature = draft(CODE, editor_member)
    page = signed_in_page(browser, live_server, editor_member)
    shots = Shots("dossier_form")
    try:
        page.goto(f"/candidatures/{candidature.pk}/dossier/")
        distributors = page.locator("#section-distributors")
        expect(distributors).to_be_hidden()
        # DSFR draws the checkbox on its label: the label is what a person clicks.
        page.locator('label[for="id_sold_through_distributors"]').click()
        expect(page.locator("#id_sold_through_distributors")).to_be_checked()
        expect(distributors).to_be_visible()
        page.get_by_role("button", name="Ajouter une dénomination").click()
        expect(page.locator("#commercial_names-1-row")).to_be_visible()
        expect(page.locator("#id_commercial_names-1-name")).to_be_focused()
        page.locator("#commercial_names-1-row").get_by_role("button", name="Retirer").click()
        expect(page.locator("#commercial_names-1-row")).to_be_hidden()
        assert page.input_value('input[name="commercial_names-1-DELETE"]') == "on"
        general = page.get_by_role("checkbox", name="Général")
        expect(general).to_be_checked()
        expect(general).to_be_disabled()
        assert _check(page, shots, "dossier") == {}
    finally:
        page.context.close()


def test_a_conformity_report_reads_in_french_and_passes_axe(
    browser, live_server, editor_member, instructor
):
    load_catalogues()
    candidature = accepted(CODE, editor_member, instructor)
    code = expected_items(candidature)[0].code
    evidence.deposit(
        candidature, code, actor=editor_member, pending=pending(BROKEN_CDA), filename="cda.xml"
    )
    run_once("e2e")
    page = signed_in_page(browser, live_server, editor_member)
    shots = Shots("conformity_report")
    try:
        page.goto(f"/candidatures/{candidature.pk}/preuves/")
        summary = page.get_by_text("Rapport du contrôle automatique").first
        summary.click()
        expect(page.get_by_text("XML mal formé : Balise fermante").first).to_be_visible()
        summary.scroll_into_view_if_needed()
        assert _check(page, shots, "rapport") == {}
    finally:
        page.context.close()
