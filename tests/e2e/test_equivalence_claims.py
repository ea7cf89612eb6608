"""Browser walk of an equivalence claim on the workbench (issue 12 item 3, 003 §3.1): the
instructor reads the claimed referencing and the registry check, a refusal without comment
is refused in place, then a motivated refusal is saved with htmx, without a page load."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from referencement.catalog.models import Dispositif
from referencement.instruction.tests.fixtures import equivalence_claim

from .conftest import signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE_DATE_2_003 = datetime(2025, 5, 6, 10, tzinfo=ZoneInfo("Europe/Paris"))  # 003 §4.1


def test_an_instructor_refuses_an_equivalence_claim_with_a_reason_003_3_1(
    browser, live_server, shots, catalogues, editor, editor_member, instructor
):
    with time_machine.travel(BEFORE_DATE_2_003, tick=False):
        evidence = equivalence_claim(
            Dispositif.objects.get(code="HOP-PFI-Va2"),
            editor=editor,
            created_by=editor_member,
            instructor=instructor,
        )
    page = signed_in_page(browser, live_server, instructor)
    # The claimed requirement belongs to no REM chapter: it is listed outside them.
    page.goto(f"/instruction/{evidence.candidature_id}/?chapitre=hors-rem")
    card = page.locator(f"#preuve-{evidence.pk}")
    expect(card).to_contain_text(evidence.equivalence_reference)
    expect(card).to_contain_text("Vérification au registre : satisfaite")
    shots(page, "equivalence-revendiquee")
    assert blocking_violations(page) == []
    page.evaluate("window.sansRechargement = true")
    card.get_by_role("button", name="Refuser l'équivalence").click()
    expect(page.locator(f"#preuve-{evidence.pk}")).to_contain_text("motivé")
    card = page.locator(f"#preuve-{evidence.pk}")
    card.get_by_label("Commentaire pour l'éditeur").fill("Autre solution que celle référencée.")
    card.get_by_role("button", name="Refuser l'équivalence").click()
    expect(page.locator(f"#preuve-{evidence.pk}")).to_contain_text("Équivalence refusée.")
    expect(page.locator(f"#preuve-{evidence.pk}")).to_contain_text(
        "Autre solution que celle référencée."
    )
    assert page.evaluate("window.sansRechargement") is True
    shots(page, "equivalence-refusee")
    evidence.refresh_from_db()
    assert evidence.equivalence_verdict == "refused"
