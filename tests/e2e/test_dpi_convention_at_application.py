"""Browser walk of 004 §4.2 (issue 12 item 10): the DPI dossier includes « La convention de
référencement signée électroniquement ». The legal representative's draft says so in its
« Prochaine étape » box, the submission is refused while the convention is unsigned, the
convention is generated and signed with a second-factor code, then the dossier is
submitted. The public HOP-DPI-Va1 page ends the evidence deposit at Date 3 (004 §4.3, §4.4:
no Date 2). Screenshots in results/e2e/dpi-convention/."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from referencement.accounts.testing import one_time_code
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.testing import draft, fill_dossier

from .conftest import Shots, signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)
# Inside the DPI application period (004 §4.1.6: 30/08/2021 – 15/06/2022 14h00).
DURING_DPI = datetime(2022, 3, 10, 10, tzinfo=ZoneInfo("Europe/Paris"))


def test_the_dpi_editor_signs_the_convention_before_submitting_004_4_2(
    browser, live_server, catalogues, representative
):
    """`catalogues` loads the files before the clock goes back to 2022."""
    shots = Shots("dpi-convention")
    with time_machine.travel(DURING_DPI, tick=True):
        candidature = fill_dossier(
            draft("HOP-DPI-Va1", representative, solution_name="Dossier Patient Fictif"),
            representative,
        )
        page = signed_in_page(browser, live_server, representative)
        page.goto(f"/candidatures/{candidature.pk}/")
        step = page.locator("#prochaine-etape")
        expect(step).to_contain_text("convention")
        shots(page, "brouillon-prochaine-etape")
        assert blocking_violations(page) == []

        page.goto(f"/candidatures/{candidature.pk}/dossier/")
        expect(page.get_by_text("004 §4.2").first).to_be_visible()
        shots(page, "dossier-soumission-sans-convention")

        page.goto(f"/candidatures/{candidature.pk}/")
        step.get_by_role("link").first.click()
        page.wait_for_url("**/convention/")
        shots(page, "convention-a-generer")
        page.get_by_role("button", name="Générer le projet de convention").click()
        expect(page.get_by_text("Le projet de convention est prêt à signer.")).to_be_visible()
        expect(page.get_by_role("link", name="Projet de convention (PDF)")).to_be_visible()
        expect(page.get_by_role("button", name="Générer le projet")).to_have_count(0)
        page.get_by_label("Code de vérification").fill(one_time_code(representative))
        approve = page.get_by_role("checkbox", name="J'ai lu la convention")
        page.locator(f"label[for='{approve.get_attribute('id')}']").click()
        shots(page, "convention-a-signer")
        page.get_by_role("button", name="Signer électroniquement").click()
        expect(page.get_by_text("Convention signée.")).to_be_visible()
        expect(page.get_by_role("link", name="Convention signée (PDF)")).to_be_visible()
        shots(page, "convention-signee")
        assert blocking_violations(page) == []

        page.goto(f"/candidatures/{candidature.pk}/")
        expect(page.get_by_text("Convention signée le 10/03/2022")).to_be_visible()
        step = page.locator("#prochaine-etape")
        expect(step).to_contain_text("Soumettre le dossier administratif")
        shots(page, "brouillon-convention-signee")
        step.get_by_role("button", name="Soumettre le dossier administratif").click()
        expect(page.get_by_text("Le dossier administratif est soumis à l'agence.")).to_be_visible()
        shots(page, "dossier-soumis")
        candidature.refresh_from_db()
        assert candidature.status == S.ADMIN_SUBMITTED

        page.goto("/dispositifs/HOP-DPI-Va1/")
        expect(
            page.get_by_text("Dépôt du dossier complet de preuves ouvert jusqu'au 31/08/2022")
        ).to_contain_text("(Date 3)")
        expect(page.get_by_text("aucune réponse complémentaire de l'éditeur")).to_be_visible()
        shots(page, "page-publique-hop-dpi")
        assert blocking_violations(page) == []
