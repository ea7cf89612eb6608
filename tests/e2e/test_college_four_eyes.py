"""Browser walk of a collège sitting with four eyes (issue 16 item 7; 001 §4.5, 004 §4.5):
three members, one absent, one recused by the declaration of interests they filed; a
decision recorded by one member and confirmed by another; the minutes PDF shows the
attendance, the recusal and both signatures. Screenshots in results/e2e/college/."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import UserFactory
from referencement.accounts.choices import Role
from referencement.catalog.models import Dispositif
from referencement.college.actions import add_to_agenda, declare_interests, sign_convention
from referencement.college.models import CollegeSession
from referencement.college.testing import countersign
from referencement.college.tests.test_college import instructed
from referencement.instruction.tests.fixtures import totp_token

from .conftest import Shots, signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)


def _on_agenda(session, editor, instructor, agency_admin, name: str):
    representative = UserFactory(role=Role.EDITOR_ADMIN, editor=editor)
    editor.legal_representative_user = representative
    editor.save()
    candidature = instructed(
        Dispositif.objects.get(code="MS-DUI-Va2"), editor, representative, instructor
    )
    candidature.solution_name = name
    candidature.save(update_fields=["solution_name"])
    sign_convention(
        candidature.convention, actor=representative, otp_token=totp_token(representative)
    )
    countersign(candidature, agency_admin)
    add_to_agenda(session, candidature, actor=agency_admin)
    return candidature


def _tick(page, label: str) -> None:
    page.locator("label", has_text=label).click()  # the DSFR label covers the box


def test_a_sitting_with_an_absent_and_a_recused_member_decides_with_two_signatures(
    browser, live_server, catalogues, editor, other_editor, instructor, agency_admin
):
    shots = Shots("college")
    session = CollegeSession.objects.create(sits_at=timezone.now() + timedelta(minutes=5))
    granted = _on_agenda(session, editor, instructor, agency_admin, "Solution Alpha")
    postponed = _on_agenda(session, other_editor, instructor, agency_admin, "Solution Beta")
    alice = UserFactory(role=Role.COLLEGE_MEMBER, full_name="Alice Rapporteure")
    bruno = UserFactory(role=Role.COLLEGE_MEMBER, full_name="Bruno Confirmant")
    chloe = UserFactory(role=Role.COLLEGE_MEMBER, full_name="Chloé Absente")
    for member in (alice, chloe):
        declare_interests(actor=member, editors=[])

    # Bruno declares his interests with the second editor: recused from its dossier.
    second = signed_in_page(browser, live_server, bruno)
    second.goto("/college/declaration-interets/")
    expect(second.get_by_text("Déposez votre déclaration d'intérêts")).to_be_visible()
    _tick(second, other_editor.name)
    shots(second, "declaration-interets")
    second.get_by_role("button", name="Enregistrer ma déclaration").click()
    expect(second.get_by_text("Déclaration d'intérêts enregistrée")).to_be_visible()

    # Alice records attendance: Chloé absent.
    first = signed_in_page(browser, live_server, alice)
    first.goto(f"/college/seances/{session.pk}/")
    _tick(first, "Alice Rapporteure")
    _tick(first, "Bruno Confirmant")
    first.get_by_role("button", name="Enregistrer les présences").click()
    expect(first.get_by_text("Présences enregistrées.")).to_be_visible()
    beta = first.locator(f"#dossier-{postponed.pk}")
    expect(beta).to_contain_text("Récusé(e)s (déclaration d'intérêts) : Bruno Confirmant")
    shots(first, "presences-et-recusation")
    assert blocking_violations(first) == []

    # First signature.
    alpha = first.locator(f"#dossier-{granted.pk}")
    alpha.get_by_label("Décision").select_option(label="Attribution du référencement")
    alpha.get_by_role("button", name="Enregistrer la décision…").click()
    first.get_by_role("button", name="Enregistrer la décision (première signature)").click()
    expect(first.get_by_text("un autre membre présent la confirme")).to_be_visible()
    expect(first.locator(f"#dossier-{granted.pk}")).to_contain_text("En attente de confirmation")
    shots(first, "decision-enregistree")
    granted.refresh_from_db()
    assert granted.status == "in_college"

    # Second signature, by Bruno.
    second.goto(f"/college/seances/{session.pk}/")
    second.locator(f"#dossier-{granted.pk}").get_by_role(
        "button", name="Confirmer la décision…"
    ).click()
    expect(second.get_by_text("votre confirmation est la seconde signature")).to_be_visible()
    shots(second, "confirmation-seconde-signature")
    second.get_by_role("button", name="Confirmer la décision (seconde signature)").click()
    expect(second.locator(f"#dossier-{granted.pk}")).to_contain_text(
        "Enregistrée par Alice Rapporteure, confirmée par Bruno Confirmant."
    )
    shots(second, "decision-confirmee")
    granted.refresh_from_db()
    assert granted.status == "referenced"

    # The sitting closes; the recused dossier is carried over.
    first.goto(f"/college/seances/{session.pk}/")
    first.get_by_role("button", name="Clore la séance et établir le procès-verbal…").click()
    expect(first.get_by_text("reportés à une prochaine séance")).to_be_visible()
    first.get_by_role("button", name="Clore la séance").click()
    expect(first.get_by_text("Procès-verbal établi.")).to_be_visible()
    shots(first, "seance-close")
    postponed.refresh_from_db()
    assert postponed.status == "convention_signed"

    response = first.request.get(f"/college/seances/{session.pk}/proces-verbal.pdf")
    assert response.ok
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Alice Rapporteure Présent(e)" in text
    assert "Bruno Confirmant Présent(e)" in text
    assert "Chloé Absente Absent(e)" in text
    assert "Enregistrée par Alice Rapporteure Confirmée par Bruno Confirmant" in text
    reported = text.split("Dossiers reportés")[1]
    assert "Solution Beta" in reported and "Bruno Confirmant" in reported
    (shots.folder / "proces-verbal.pdf").write_bytes(response.body())
    for page in (first, second):
        page.context.close()
