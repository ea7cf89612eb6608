"""A person logs in for the first time in a real browser: password, TOTP enrolment by QR
code (the key is read from the page, as an authenticator app would), backup codes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import TEST_PASSWORD

from .conftest import code_from_secret

pytestmark = pytest.mark.django_db(transaction=True)


def test_first_login_enrols_the_second_factor_in_a_browser(page, shots, agency_admin):
    page.goto("/")
    shots(page, "accueil")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Adresse e-mail").fill(agency_admin.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    shots(page, "connexion")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/connexion/enrolement/")
    assert page.locator("svg").first.is_visible()
    shots(page, "enrolement-qr-code")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code de vérification").fill(code_from_secret(secret))
    page.get_by_role("button", name="Activer").click()
    page.wait_for_url("**/connexion/codes-de-secours/")
    assert page.locator("#backup-codes li").count() == 10
    shots(page, "codes-de-secours")
    page.get_by_role("link", name="J'ai conservé mes codes").click()
    expect(page.get_by_role("heading", name=f"Bonjour {agency_admin}")).to_be_visible()
    shots(page, "accueil-connecte")


def test_wrong_password_shows_a_french_error(page, agency_admin):
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(agency_admin.email)
    page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Adresse e-mail ou mot de passe incorrect.")).to_be_visible()
