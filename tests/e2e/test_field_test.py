"""Browser walk of the field test session (000 §3.3, 004 §4.4, issue 12 item 9): the editor
reads the next step and proposes a date, the instructor confirms it, then records the
outcome of the flagged requirement on the workbench; the editor reads it. Screenshots in
results/e2e/fieldtest/, axe-core on each page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referencement.catalog.models import Dispositif
from referencement.instruction.actions import start_instruction
from referencement.instruction.models import FieldTestSession, InstructionRecord
from referencement.instruction.sweeps import sweep_field_tests
from referencement.instruction.tests.fixtures import assigned_everywhere, make_candidature
from referencement.instruction.workbench import chapters

from .conftest import Shots, signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_000_3_3_editor_proposes_agency_confirms_then_records_results(
    browser, live_server, catalogues, editor, editor_member, instructor
):
    shots = Shots("fieldtest")
    candidature = make_candidature(
        Dispositif.objects.get(code="MS2-DUI-PDE-Va1-SF"),
        editor=editor,
        created_by=editor_member,
        field_test=True,
    )
    start_instruction(candidature, actor=instructor)
    flagged = next(group for group in chapters(candidature) if group.field_test)
    requirement = flagged.items[0].requirement.code

    editor_page = signed_in_page(browser, live_server, editor_member)
    editor_page.goto(f"/mes-candidatures/{candidature.pk}/instruction/")
    expect(editor_page.get_by_text("Proposez une date de session de test avant le")).to_be_visible()
    expect(
        editor_page.get_by_text("Prochaine étape : Proposer la date de la session de tests")
    ).to_be_visible()
    when = timezone.localtime() + timedelta(days=3)
    editor_page.get_by_label("Date et heure de la session").fill(when.strftime("%Y-%m-%dT%H:%M"))
    editor_page.get_by_label("Lieu / environnement de recette").fill("Recette usine chez un client")
    shots(editor_page, "editeur-propose-une-date")
    assert blocking_violations(editor_page) == []
    editor_page.get_by_role("button", name="Proposer cette date").click()
    expect(editor_page.get_by_text("Date proposée : l'agence va la confirmer.")).to_be_visible()
    expect(editor_page.get_by_text("Date proposée par l'éditeur")).to_be_visible()
    expect(
        editor_page.get_by_text("Prochaine étape : Confirmation de la session de tests")
    ).to_be_visible()
    shots(editor_page, "date-proposee")

    staff = signed_in_page(browser, live_server, instructor)
    staff.goto("/notifications/")
    expect(staff.get_by_text("Date de session de tests proposée").first).to_be_visible()
    shots(staff, "instructeur-notifie-de-la-proposition")
    staff.goto(f"/instruction/{candidature.pk}/?chapitre={flagged.key}")
    expect(staff.get_by_role("button", name="Confirmer cette date")).to_be_visible()
    shots(staff, "paillasse-date-a-confirmer")
    assert blocking_violations(staff) == []
    staff.get_by_role("button", name="Confirmer cette date").click()
    expect(staff.get_by_text("Date de la session de tests confirmée.")).to_be_visible()
    editor_page.goto(f"/mes-candidatures/{candidature.pk}/instruction/")
    expect(editor_page.get_by_text("Prochaine étape : Session de tests le")).to_be_visible()
    shots(editor_page, "editeur-session-confirmee")

    # The day of the session comes (the results form opens once its date has passed).
    FieldTestSession.objects.filter(candidature=candidature).update(
        scheduled_for=timezone.now() - timedelta(hours=1)
    )
    staff.goto(f"/instruction/{candidature.pk}/?chapitre={flagged.key}")
    staff.get_by_label(f"Résultat — {requirement}").select_option(label="Résultat non atteint")
    staff.get_by_label(f"Observations — {requirement}").fill("Homonymie mal gérée.")
    shots(staff, "resultats-a-enregistrer")
    staff.get_by_role("button", name="Enregistrer les résultats").click()
    expect(staff.get_by_text("Résultats de la session enregistrés.")).to_be_visible()
    expect(staff.get_by_text("Session tenue").first).to_be_visible()
    shots(staff, "session-tenue")

    editor_page.goto(f"/mes-candidatures/{candidature.pk}/instruction/")
    expect(editor_page.get_by_text("Homonymie mal gérée.")).to_be_visible()
    shots(editor_page, "editeur-lit-les-resultats")
    for page in (editor_page, staff):
        page.context.close()


def test_004_4_4_a_window_passed_without_session_is_flagged_to_both(
    browser, live_server, catalogues, editor, editor_member, instructor
):
    """Issue 12 item 9: the sweep reports the missed window once; editor and instructor read
    the flag and the hypothèse on what follows. Screenshots in results/e2e/fieldtest-missed/."""
    shots = Shots("fieldtest-missed")
    candidature = make_candidature(
        Dispositif.objects.get(code="MS2-DUI-PDE-Va1-SF"),
        editor=editor,
        created_by=editor_member,
        field_test=True,
    )
    start_instruction(candidature, actor=instructor)
    InstructionRecord.objects.filter(candidature=candidature).update(
        started_at=timezone.now() - timedelta(days=29)
    )
    assigned_everywhere(instructor)
    assert sweep_field_tests() == 1

    editor_page = signed_in_page(browser, live_server, editor_member)
    editor_page.goto(f"/mes-candidatures/{candidature.pk}/instruction/")
    expect(
        editor_page.get_by_text("Prochaine étape : Session de tests non tenue dans le délai")
    ).to_be_visible()
    expect(editor_page.get_by_role("button", name="Proposer cette date")).to_have_count(0)
    shots(editor_page, "editeur-delai-depasse")
    assert blocking_violations(editor_page) == []

    staff = signed_in_page(browser, live_server, instructor)
    staff.goto("/instruction/")
    expect(staff.get_by_text("Session de tests non tenue dans le délai")).to_be_visible()
    shots(staff, "file-signalee")
    staff.goto(f"/instruction/{candidature.pk}/")
    expect(staff.get_by_text("(hypothèse)").first).to_be_visible()
    shots(staff, "paillasse-signalee")
    assert blocking_violations(staff) == []
    staff.goto("/notifications/")
    expect(staff.get_by_text("Session de tests non tenue dans le délai").first).to_be_visible()
    shots(staff, "instructeur-notifie")
    for page in (editor_page, staff):
        page.context.close()
