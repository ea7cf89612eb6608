"""Issue 13: an editor deposits a CDA the platform cannot fully check (no CI-SIS schematron
installed): the deposit reads « non vérifiable », never « conforme », and its report says
which check could not run."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import SHARED
from referencement.candidatures.testing import accepted, load_catalogues
from referencement.core.worker import run_once

from .conftest import signed_in_page
from .evidence_grid import deposit_in_row, item_row

CDA_EXAMPLE = SHARED / "cisis" / "ExemplesCDA" / "VAC_2023.01.xml"
CDA_ITEM = "DOC/va1.04"


@pytest.mark.django_db(transaction=True)
def test_a_cda_whose_checks_could_not_run_reads_non_verifiable(
    browser, live_server, shots, editor_member, instructor, monkeypatch, tmp_path
):
    if not CDA_EXAMPLE.is_file():
        pytest.skip("exemples CDA du CI-SIS absents (REFERENCEMENT_SHARED)")
    monkeypatch.setenv("REFERENCEMENT_SCHEMATRONS", str(tmp_path))  # nothing installed
    load_catalogues()
    candidature = accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)
    page = signed_in_page(browser, live_server, editor_member)
    row = item_row(page, candidature, CDA_ITEM)
    deposit_in_row(
        row,
        CDA_ITEM,
        file={
            "name": CDA_EXAMPLE.name,
            "mimeType": "application/xml",
            "buffer": CDA_EXAMPLE.read_bytes(),
        },
    )
    expect(row).to_contain_text("Contrôle en cours")

    run_once("e2e")
    page.reload()
    expect(row.locator(".fr-badge").first).to_have_text("Non vérifiable")
    expect(row).to_contain_text("non vérifiable")
    expect(row).not_to_contain_text("Conforme au contrôle automatique")
    versions = row.locator("details.evidence-row__versions")
    if versions.get_attribute("open") is None:
        versions.locator("summary", has_text="version déposée").click()
    row.get_by_text("Rapport du contrôle automatique").click()
    expect(row).to_contain_text("Schématrons CI-SIS non installés")
    shots(page, "depot-non-verifiable")
    row.screenshot(path=str(shots.folder / "02-ligne-du-depot.png"))
