"""Browser walk of the agency's catalogue journey (issue 14, issue 10 item 9): the real DPI
draft REM uploaded, previewed in French with its new profiles, confirmed; the version
history, a diff and a requirement with its statement, scenarios and proofs; an import that
would retire most of the catalogue, held until the dispositif's code is typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from referencement.catalog.models import RemImport
from referencement.catalog.tasks import analyse_rem_import, apply_rem_import
from referencement.catalog.tests.rem_files import convergence_file, convergence_row

from .conftest import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def _upload(page, path: str) -> RemImport:
    page.goto("/administration/catalogues/")
    page.get_by_label("Dispositif").select_option("HOP-DPI-Va1")
    page.get_by_label("Fichier REM (XLSX ou CSV)").set_input_files(path)
    page.get_by_role("button", name="Analyser le fichier").click()
    page.wait_for_url("**/administration/catalogues/imports/*/")
    return RemImport.objects.order_by("-pk").first()


def _run_task(page, task, *args) -> None:
    """The worker's part, run by the test while the browser is away from the page that
    refreshes itself (one SQLite database for the live server and the test)."""
    url = page.url
    page.goto("about:blank")
    task.call(*args)
    page.goto(url)


def test_the_agency_imports_a_real_rem_and_reads_its_history(
    browser, live_server, shots, catalogues, agency_admin, shared_dir, tmp_path
) -> None:
    draft = shared_dir / "rem" / "real-draft-rows-dpi.xlsx"
    if not draft.exists():
        pytest.skip(f"{draft} absent")
    page = signed_in_page(browser, live_server, agency_admin)
    job = _upload(page, str(draft))
    shots(page, "analyse-en-cours")
    _run_task(page, analyse_rem_import, job.pk)
    expect(page.get_by_role("heading", name="Profils déclarés par le fichier")).to_be_visible()
    expect(page.get_by_text("IE-USAGERS")).to_be_visible()
    shots(page, "apercu-en-francais")
    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_load_state()
    _run_task(page, apply_rem_import, job.pk, agency_admin.pk)
    expect(page.get_by_text("Version 2 du catalogue créée par cet import")).to_be_visible()
    shots(page, "import-applique")

    page.get_by_role("link", name="historique des versions").click()
    expect(page.get_by_text("2 versions")).to_be_visible()
    shots(page, "historique")
    page.get_by_role("link", name="Comparer avec la version 1").click()
    expect(page.get_by_role("heading", name="212 exigences ajoutées")).to_be_visible()
    shots(page, "diff")

    page.goto("/dispositifs/HOP-DPI-Va1/exigences/SC.PSC.01/")
    expect(page.get_by_role("heading", name="Scénario PSC.01.04")).to_be_visible()
    shots(page, "exigence-avec-scenarios-et-preuves")

    small = tmp_path / "rem-partiel.xlsx"
    small.write_bytes(convergence_file(convergence_row("SC.PSC.01")).getvalue())
    job = _upload(page, str(small))
    _run_task(page, analyse_rem_import, job.pk)
    expect(page.get_by_text("Cet import retire 211 exigences sur 212")).to_be_visible()
    shots(page, "retrait-massif-a-confirmer")
    page.get_by_label("saisissez le code du dispositif").fill("HOP-DPI")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator("#typed_code-error")).to_contain_text("saisissez le code du dispositif")
    shots(page, "code-non-saisi")
    page.get_by_role("button", name="Annuler l'import (rien n'est modifié)").click()
    expect(page.get_by_text("Import annulé : rien n'a été modifié.")).to_be_visible()
    shots(page, "import-annule")


def test_the_agency_migrates_a_candidature_after_a_confirmation(
    browser, live_server, shots, catalogues, agency_admin, editor, editor_member, instructor
) -> None:
    from referencement.candidatures.choices import CandidatureStatus
    from referencement.catalog.actions import import_rem
    from referencement.catalog.models import Dispositif
    from referencement.catalog.tests.test_rem_impact import CHANGED, _candidature, _judged, _new_rem
    from referencement.lib.rem_sheets import parse_rem, read_table

    ms_dui = Dispositif.objects.get(code="MS-DUI-Va2")
    alpha = _candidature(
        ms_dui, editor, editor_member, CandidatureStatus.IN_INSTRUCTION, ["GENERAL"], "Alpha"
    )
    _judged(alpha, CHANGED, editor_member, instructor)
    import_rem(ms_dui, parse_rem(read_table(_new_rem(ms_dui), "rem.xlsx")), actor=agency_admin)
    page = signed_in_page(browser, live_server, agency_admin)
    page.goto("/administration/catalogues/MS-DUI-Va2/migration/")
    shots(page, "candidatures-a-migrer")
    page.locator(f"label[for='candidature-{alpha.pk}']").click()  # DSFR hides the box itself
    page.get_by_role("button", name="Vérifier la migration").click()
    expect(
        page.get_by_role("heading", name="Confirmer la migration de 1 candidature")
    ).to_be_visible()
    shots(page, "confirmation")
    page.get_by_role("button", name="Confirmer la migration").click()
    expect(page.get_by_text("désormais selon la version 2")).to_be_visible()
    shots(page, "migree")
    alpha.refresh_from_db()
    assert alpha.catalogue_version.number == 2
