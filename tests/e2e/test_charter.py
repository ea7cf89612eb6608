"""The charter accepted as written, in the browser (issue 12 item 8): the legal
representative reads the document, downloads it as PDF, then accepts it with a code of the
second factor (001 §4.3). Screenshots go to results/e2e/charter/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from referencement.accounts.testing import one_time_code
from referencement.candidatures.models import CharterAcceptance
from referencement.catalog.charters import charter_sha256
from referencement.catalog.models import Dispositif

from .conftest import Shots, signed_in_page
from .test_full_journey import tick

pytestmark = pytest.mark.django_db(transaction=True)
CODE = "MS2-DUI-PDE-Va1-SF"


def test_the_representative_reads_downloads_and_accepts_the_charter(
    browser, live_server, catalogues, editor, editor_admin
):
    editor.legal_representative_user = editor_admin
    editor.save()
    shots = Shots("charter")
    page = signed_in_page(browser, live_server, editor_admin)

    page.goto("/candidatures/nouvelle/")
    expect(page.get_by_role("table", name="Chartes des dispositifs")).to_be_visible()
    shots(page, "nouvelle-candidature-chartes-a-accepter")
    page.get_by_role("row", name=CODE).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Acceptation requise")).to_be_visible()
    expect(page.get_by_role("heading", level=4, name="4.6. Convention de preuve")).to_be_visible()
    shots(page, "charte-a-lire")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la charte").click()
    assert download.value.suggested_filename == f"charte-{CODE}.pdf"

    page.get_by_label("Code de vérification").fill("000000")
    tick(page, "J'ai lu la charte ci-dessus et je l'accepte")
    page.get_by_role("button", name="Accepter la charte au nom de l'éditeur").click()
    expect(page.get_by_text("Code de vérification incorrect")).to_be_visible()
    shots(page, "code-refuse")

    page.get_by_label("Code de vérification").fill(one_time_code(editor_admin))
    tick(page, "J'ai lu la charte ci-dessus et je l'accepte")
    page.get_by_role("button", name="Accepter la charte au nom de l'éditeur").click()
    expect(page.get_by_role("heading", name="Charte acceptée")).to_be_visible()
    shots(page, "charte-acceptee")
    dispositif = Dispositif.objects.get(code=CODE)
    assert CharterAcceptance.objects.get().text_sha256 == charter_sha256(dispositif)

    page.get_by_role("link", name="Ouvrir un dossier").click()
    expect(page.get_by_role("row", name=CODE).get_by_text("Acceptée", exact=True)).to_be_visible()
    shots(page, "nouvelle-candidature-charte-acceptee")
