"""Browser walk of the next version of a referenced solution (issue 14 item 5, 001 §1.2
« compatibilité ascendante »): the editor opens « nouvelle version », declares one chapter
changed and deposits only that chapter's items; the instructor sees the inherited items
with their provenance; the new attestation shows its lineage. The referenced state and the
collège decision are built through the actions. Screenshots: results/e2e/next-version/."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from referencement.candidatures import actions
from referencement.candidatures.tests.next_version_setup import attribute, referenced_solution
from referencement.catalog.models import Dispositif
from referencement.evidence import actions as evidence_actions
from referencement.evidence.expected import expected_items
from referencement.instruction.actions import start_instruction

from .conftest import Shots, signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)
REFERENCED_AT = datetime(2026, 6, 2, 10, tzinfo=ZoneInfo("Europe/Paris"))


def test_the_editor_opens_the_next_version_and_deposits_only_the_changed_chapter(
    browser, live_server, catalogues, editor_admin, instructor, agency_admin, college_member
):
    shots = Shots("next-version")
    referenced = referenced_solution(
        Dispositif.objects.get(code="MS-DUI-Va2"),
        representative=editor_admin,
        instructor=instructor,
        agency_admin=agency_admin,
        member=college_member,
        at=REFERENCED_AT,
    )
    previous = referenced.attestations.get()
    # The REM chapter with the fewest items is the one the editor declares changed.
    sizes = Counter(item.chapter.code for item in expected_items(referenced) if item.chapter)
    changed = min(sizes, key=lambda code: (sizes[code], code))

    page = signed_in_page(browser, live_server, editor_admin)
    page.goto(f"/candidatures/{referenced.pk}/")
    page.get_by_role("link", name="Nouvelle version").click()
    expect(page.get_by_role("heading", name="Nouvelle version de DossierPlus")).to_be_visible()
    page.get_by_label("Numéro de la nouvelle version technique").fill("4.3.0")
    page.locator("label", has_text=f"{changed} —").click()
    shots(page, "declaration")
    page.get_by_role("button", name="Ouvrir la nouvelle version").click()
    expect(page.get_by_text("Nouvelle version de la version 4.2.0")).to_be_visible()
    shots(page, "nouvelle-version-ouverte")
    new = referenced.next_versions.get()

    actions.submit_dossier(new, actor=editor_admin)
    actions.accept_dossier(new, actor=instructor)
    page.goto(f"/candidatures/{new.pk}/preuves/?filtre=manquantes&chapitre={changed}")
    rows = page.locator("li.evidence-row")
    expect(rows.first.get_by_text("À déposer de nouveau").first).to_be_visible()
    expect(rows.first.get_by_text("Reprise de la version 4.2.0")).to_be_visible()
    shots(page, "a-deposer-de-nouveau")
    for _ in range(sizes[changed]):
        pending = page.locator("li.evidence-row").filter(has_text="À déposer de nouveau")
        row = page.locator("#" + pending.first.get_attribute("id"))
        row.locator("summary").filter(has_text="Déposer").click()
        row.get_by_label("Ou un texte").fill("ID d'exécution version 4.3.0")
        row.get_by_role("button", name="Déposer la preuve").click()
        expect(row.get_by_text("Déposée", exact=True)).to_be_visible()
    shots(page, "chapitre-redepose")
    assert [item.code for item in expected_items(new) if item.missing] == []
    unchanged = next(code for code in sorted(sizes) if code != changed)
    page.goto(f"/candidatures/{new.pk}/preuves/?chapitre={unchanged}")
    expect(page.get_by_text("Reprise de la version 4.2.0").first).to_be_visible()
    shots(page, "chapitre-inchange-repris")

    new.refresh_from_db()
    evidence_actions.submit_evidence_dossier(new, actor=editor_admin)
    start_instruction(new, actor=instructor)
    staff = signed_in_page(browser, live_server, instructor)
    with_file = new.evidence.select_related("requirement").get(versions__blob__isnull=False)
    staff.goto(f"/instruction/{new.pk}/?chapitre={with_file.requirement.chapter_id}")
    card = staff.locator(f"#preuve-{with_file.pk}")
    expect(card).to_contain_text("Reprise de la version 4.2.0")
    expect(card).to_contain_text("SHA-256")
    expect(card).to_contain_text("avis : conforme")
    shots(staff, "paillasse-provenance")

    attribute(
        new,
        instructor=instructor,
        representative=editor_admin,
        agency_admin=agency_admin,
        member=college_member,
    )
    attestation = new.attestations.get()
    page.goto(f"/registre/attestations/{attestation.number}/")
    expect(page.get_by_text("Dérive de la version 4.2.0")).to_be_visible()
    shots(page, "attestation-lignee")
    page.get_by_role("link", name=f"n° {previous.number}").click()
    expect(page.get_by_text("Versions suivantes")).to_be_visible()
    shots(page, "attestation-precedente")
    page.goto("/registre/")
    expect(page.get_by_text("dérive de la version 4.2.0")).to_be_visible()
    shots(page, "registre")
