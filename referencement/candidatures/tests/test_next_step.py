"""Next step, always (issue 11 item 3): the stepper of the phases, the « Prochaine étape »
with its deadline and button, actions a date has closed shown disabled with the reason
before any click, the agency's remarks with author and date, no « Retirer » once referenced."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import login
from referencement.candidatures import actions, testing
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.models import Dispositif
from referencement.instruction.actions import give_verdict, start_instruction
from referencement.instruction.choices import VerdictValue
from referencement.instruction.tests.fixtures import latest_versions, make_candidature

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
BEFORE_DATE_1 = datetime(2026, 9, 1, 10, tzinfo=PARIS)  # MS-DUI-Va2 Date 1: 01/10/2026 12h00
AFTER_DATE_1 = datetime(2026, 10, 1, 12, 1, tzinfo=PARIS)


def _page(client, user, candidature, at) -> str:
    with time_machine.travel(at, tick=False):
        login(client, user)
        return client.get(f"/candidatures/{candidature.pk}/").content.decode()


def test_draft_shows_the_stepper_and_the_submit_step_with_its_date_001_4_3(
    client, catalogues, editor_admin
):
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        candidature = testing.fill_dossier(testing.draft("MS-DUI-Va2", editor_admin), editor_admin)
    html = _page(client, editor_admin, candidature, BEFORE_DATE_1)
    assert 'class="fr-stepper fr-mb-2w"' in html and "Étape 1 sur 5" in html
    assert "Prochaine étape : Soumettre le dossier administratif" in html
    assert "01/10/2026 à 12h00" in html
    assert "disabled" not in html.split('id="prochaine-etape"')[1].split("</div>\n")[0]


def test_submit_is_shown_disabled_with_the_reason_after_date_1_001_4_3(
    client, catalogues, editor_admin
):
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        candidature = testing.fill_dossier(testing.draft("MS-DUI-Va2", editor_admin), editor_admin)
    html = _page(client, editor_admin, candidature, AFTER_DATE_1)
    assert '<button class="fr-btn" type="button" disabled' in html
    assert "fermé depuis le 01/10/2026 à 12h00" in html
    assert "Dépassée" in html
    assert f'action="/candidatures/{candidature.pk}/soumettre/"' not in html


def test_an_incomplete_draft_is_sent_to_the_dossier_first(client, catalogues, editor_admin):
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        candidature = testing.draft("MS-DUI-Va2", editor_admin)
    html = _page(client, editor_admin, candidature, BEFORE_DATE_1)
    assert "Prochaine étape : Compléter le dossier administratif" in html
    assert f'href="/candidatures/{candidature.pk}/dossier/"' in html


def test_rejection_reason_is_shown_with_its_author_and_date(
    client, catalogues, editor_admin, instructor
):
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        candidature = testing.fill_dossier(testing.draft("MS-DUI-Va2", editor_admin), editor_admin)
        actions.submit_dossier(candidature, actor=editor_admin)
        actions.reject_dossier(candidature, actor=instructor, reason="Kbis de plus de 3 mois.")
    html = _page(client, editor_admin, candidature, BEFORE_DATE_1)
    assert "Dossier administratif rejeté" in html
    assert "Kbis de plus de 3 mois." in html
    assert f"Par {instructor.full_name}, le 01/09/2026 à 10h00" in html
    assert "Retirer la candidature" not in html


def test_non_conformity_is_shown_with_its_author_and_the_next_step_is_to_correct_it(
    client, catalogues, editor, editor_admin, instructor
):
    with time_machine.travel(BEFORE_DATE_1, tick=False):
        candidature = make_candidature(
            Dispositif.objects.get(code="MS-DUI-Va2"), editor=editor, created_by=editor_admin
        )
        start_instruction(candidature, actor=instructor)
        version = latest_versions(candidature)[0]
        give_verdict(
            version, VerdictValue.NON_CONFORME, "La capture est illisible.", actor=instructor
        )
    html = _page(client, editor_admin, candidature, BEFORE_DATE_1)
    assert "Étape 3 sur 5" in html
    assert "La capture est illisible." in html and f"Par {instructor.full_name}" in html
    assert "Prochaine étape : Corriger les preuves jugées non conformes" in html


def test_withdraw_of_a_referenced_candidature_is_offered_behind_its_confirmation_issue_12(
    client, catalogues, editor, editor_admin
):
    """Issue 12 item 5: withdrawing ends the referencing; the confirmation page says so."""
    candidature = make_candidature(
        Dispositif.objects.get(code="HOP-PFI-Va2"),
        editor=editor,
        created_by=editor_admin,
        status=S.REFERENCED,
    )
    html = _page(client, editor_admin, candidature, BEFORE_DATE_1)
    assert "Retirer la candidature" in html
    assert "Étape 5 sur 5" in html and "Prochaine étape : Solution référencée" in html


def test_withdraw_is_offered_on_a_candidature_in_progress(client, catalogues, editor_admin):
    candidature = testing.draft("MS2-DUI-PDE-Va1-SF", editor_admin)
    html = _page(client, editor_admin, candidature, BEFORE_DATE_1)
    assert "Retirer la candidature" in html


def test_agency_staff_see_the_stepper_but_no_editor_callout(
    client, catalogues, editor_admin, instructor
):
    candidature = testing.draft("MS2-DUI-PDE-Va1-SF", editor_admin)
    html = _page(client, instructor, candidature, BEFORE_DATE_1)
    assert "Étape 1 sur 5" in html and "Prochaine étape" not in html
