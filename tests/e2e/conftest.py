"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against
Django's live server. Screenshots of each step go to results/e2e/."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from django_otp.oath import totp

from referencement.instruction.tests.fixtures import staff  # noqa: F401  (issue 12 walks)

CHROMIUM = os.environ.get("REFERENCEMENT_CHROMIUM", "/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[2] / "results" / "e2e"
# A whole page costs ~0.5 s to capture (Chromium lays it out again at its full height),
# the visible part ~0.08 s: CI, where nobody looks at them, takes the visible part.
WHOLE_PAGES = os.environ.get("REFERENCEMENT_E2E_SCREENSHOTS", "page") != "viewport"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the tests' own ORM calls
    # stay synchronous and are safe there. Only for the browser tests' lifetime.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def _browser_contexts_closed(browser, live_server_requests_finished):
    """Every browser context a test opened closes at its end, and its connections to the live
    server with it: their request threads end during the test, not after the live server."""
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


class Shots:
    """Numbered screenshots of one scenario: results/e2e/<scenario>/NN-<step>.png"""

    def __init__(self, scenario: str):
        self.folder = RESULTS / scenario
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, page, step: str) -> None:
        self.count += 1
        page.screenshot(
            path=str(self.folder / f"{self.count:02d}-{step}.png"), full_page=WHOLE_PAGES
        )


@pytest.fixture
def shots(request):
    return Shots(request.node.name)


def code_from_secret(secret_b32: str, *, drift: int = 0) -> str:
    """The current TOTP code for a base32 secret, as an authenticator app computes it.
    drift=1 gives the next period's code (accepted within the device's tolerance): a code
    already used in this period is refused as a replay, so a second check in the same 30
    seconds needs it."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{totp(key, drift=drift):06d}"


def sign_in(browser, live_server, user, password: str):
    """A new browser context where `user` logs in for the first time: password, TOTP
    enrolment (key read from the page), backup codes. Returns (page, totp_secret)."""
    from playwright.sync_api import expect

    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/connexion/enrolement/")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code de vérification").fill(code_from_secret(secret))
    page.get_by_role("button", name="Activer").click()
    page.get_by_role("link", name="J'ai conservé mes codes").click()
    expect(page.get_by_role("heading", name=f"Bonjour {user}")).to_be_visible()
    return page, secret


def signed_in_page(browser, live_server, user):
    """A browser page already past both login steps (the session of the test client's
    login, handed to the browser as its cookie): for tests whose subject is not the login."""
    from django.conf import settings
    from django.test import Client

    from conftest import login

    client = login(Client(), user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page
