"""The collège decides informed (issue 10 item 4): each agenda card shows the title first,
the profiles asked for, the instruction summary, the instructor's proposal and links to
the dossier and the workbench, read-only."""

from __future__ import annotations

import pytest
import time_machine

from conftest import login
from referencement.instruction.models import InstructionRecord

from .test_confirmations import SITTING_DAY, agenda  # noqa: F401

pytestmark = pytest.mark.django_db


@time_machine.travel(SITTING_DAY, tick=False)
def test_the_agenda_card_puts_the_title_first_then_what_the_collège_needs_to_decide(
    client,
    agenda,  # noqa: F811
    college_member,
):
    session, candidature = agenda
    login(client, college_member)
    page = client.get(f"/college/seances/{session.pk}/").content.decode()
    card = page[page.index(f'id="dossier-{candidature.pk}"') :]
    assert card.index(candidature.solution_name) < card.index("<form")
    assert "Profils demandés" in card and "Général" in card
    # The two fixture specs and the CNDA proof (004 §4.2); the SSI questionnaire is not assessed.
    assert "3 preuves conformes · 0 non conforme · 0 à juger" in card
    assert "Attribution proposée." in card
    assert f"/candidatures/{candidature.pk}/dossier/recapitulatif/" in card
    assert f"/instruction/{candidature.pk}/" in card


@time_machine.travel(SITTING_DAY, tick=False)
def test_the_collège_opens_the_workbench_of_a_dossier_on_its_agenda_read_only(
    client,
    agenda,  # noqa: F811
    college_member,
):
    session, candidature = agenda
    assert InstructionRecord.objects.get(candidature=candidature).proposal
    login(client, college_member)
    page = client.get(f"/instruction/{candidature.pk}/").content.decode()
    assert "lecture seule" in page and 'name="value"' not in page
