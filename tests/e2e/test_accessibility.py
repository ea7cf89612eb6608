"""Automated accessibility check (axe-core, injected in the page): no serious or critical
violation on the main pages (RGAA, DESIGN §6)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import TEST_PASSWORD

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
