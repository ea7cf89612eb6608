"""Browser walk of issue 11 items 3–5 at 1280 px and 390 px: the editor sees the stepper
and the next step, answers a solicitation with an attachment in the thread, and deposits a
correction against a reserve; axe-core finds no serious or critical violation there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from conftest import UserFactory
from referencement.accounts.choices import Role
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.calendar import now
from referencement.catalog.choices import CollegeOutcome
from referencement.college.models import CollegeSession, Decision, Reserve
from referencement.instruction.actions import ask_solicitation, start_instruction
from referencement.instruction.tests.fixtures import (  # noqa: F401 (fixture)
    catalogues,
    make_candidature,
)

from .conftest import Shots, signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n% capture fictive\n" + b"0" * 2000


@pytest.fixture
def questioned(catalogues, editor, editor_admin, instructor):  # noqa: F811
    """MS2-DUI-PDE (always open): in instruction, with a question of the instructor."""
    candidature = make_candidature(
        catalogues["MS2-DUI-PDE-Va1-SF"],
        editor=editor,
        created_by=editor_admin,
        solution_name="Tilleul Enfance",
    )
    start_instruction(candidature, actor=instructor)
    ask_solicitation(
        candidature, "Joignez la capture de l'écran de recherche INS.", actor=instructor
    )
    return candidature


@pytest.fixture
def reserved(catalogues, editor, editor_admin, college_member):  # noqa: F811
    """MDV-LGC: réserves non bloquantes decided and confirmed yesterday (built directly:
    sittings are on Thursdays and the walk runs on any day)."""
    candidature = make_candidature(
        catalogues["MDV-LGC-Va1-SF"],
        editor=editor,
        created_by=editor_admin,
        status=S.RESERVES_TO_LIFT,
        solution_name="Chêne Cabinet",
    )
    decided_at = now() - timedelta(days=1)
    session = CollegeSession.objects.create(sits_at=decided_at)
    decision = Decision.objects.create(
        session=session,
        candidature=candidature,
        outcome=CollegeOutcome.RESERVES_NON_BLOQUANTES,
        reasons="Libellé de la version à corriger.\nMessage INSi en anglais.",
        decided_by=college_member,
        decided_at=decided_at,
        confirmed_by=UserFactory(role=Role.COLLEGE_MEMBER),
        confirmed_at=decided_at,
        fix_deadline=decided_at + timedelta(days=28),
    )
    Reserve.objects.create(decision=decision, number=1, text="Libellé de la version à corriger.")
    Reserve.objects.create(decision=decision, number=2, text="Message INSi en anglais.")
    return candidature


@pytest.mark.parametrize("width", [1280, 390])
def test_editor_follows_the_next_step_answers_and_corrects(
    browser, live_server, questioned, reserved, editor_admin, width, tmp_path
):
    shots = Shots(f"editor_next_step_{width}")
    page = signed_in_page(browser, live_server, editor_admin)
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.goto(f"/candidatures/{questioned.pk}/")
        expect(page.locator(".fr-stepper__state")).to_have_text("Étape 3 sur 5")
        callout = page.locator("#prochaine-etape")
        expect(callout).to_contain_text("Répondre à la demande de complément de l'agence")
        expect(callout).to_contain_text("garde la place du dossier dans la file")
        shots(page, "candidature-prochaine-etape")
        assert blocking_violations(page) == []

        callout.get_by_role("link", name="Répondre à la demande de complément").click()
        page.wait_for_url("**/echanges/**")
        expect(page.get_by_text("Joignez la capture de l'écran de recherche INS.")).to_be_visible()
        assert blocking_violations(page) == []
        capture = tmp_path / "capture-ins.pdf"
        capture.write_bytes(PDF)
        form = page.locator("#demande-ouverte")
        form.get_by_label("Votre réponse").fill("Voici la capture demandée.")
        form.get_by_label("Joindre des fichiers").set_input_files(str(capture))
        shots(page, "reponse-avec-piece-jointe")
        form.get_by_role("button", name="Envoyer la réponse").click()
        expect(page.get_by_text("Réponse envoyée à l'agence.")).to_be_visible()
        expect(page.get_by_role("link", name="capture-ins.pdf")).to_be_visible()
        shots(page, "fil-des-echanges")

        page.goto(f"/candidatures/{reserved.pk}/")
        expect(page.locator("#prochaine-etape")).to_contain_text(
            "Déposer les corrections des réserves"
        )
        expect(page.get_by_text("Libellé de la version à corriger.")).to_be_visible()
        shots(page, "candidature-reserves")
        page.locator("#prochaine-etape").get_by_role("link", name="Déposer les corrections").click()
        page.wait_for_url("**/reserves/")
        assert blocking_violations(page) == []
        proof = tmp_path / "correction.pdf"
        proof.write_bytes(PDF + b"1")
        reserve = page.locator("#reserve-1")
        reserve.get_by_label("Correction apportée").fill("Libellé corrigé dans la 4.2.2.")
        reserve.get_by_label("Preuve de la correction").set_input_files(str(proof))
        reserve.get_by_role("button", name="Déposer la correction").click()
        expect(page.locator("#reserve-1")).to_contain_text("Corrigée")
        expect(page.get_by_role("link", name="correction.pdf")).to_be_visible()
        shots(page, "reserve-corrigee")
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"page {width_used} px wide at {width} px"
    finally:
        page.context.close()
