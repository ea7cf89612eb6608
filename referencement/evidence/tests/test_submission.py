"""Chapter and dossier submission: the first complete chapter places a wave-2 candidature in
the queue (001 §4.4); the complete dossier cannot be first submitted after Date 2."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import login
from referencement.candidatures.testing import accepted, load_catalogues
from referencement.catalog.choices import Perimeter
from referencement.core.errors import Conflict
from referencement.evidence import actions
from referencement.evidence.expected import chapter_progress, expected_items
from referencement.evidence.grid import ITEMS_PER_PAGE
from referencement.instruction.tests.fixtures import source_attestation

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _at(*args) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=PARIS), tick=False)


@pytest.fixture
def candidature(editor_member, instructor):
    load_catalogues()
    with _at(2026, 9, 1, 9, 0):
        return accepted("MS-DUI-Va2", editor_member, instructor)


def _deposit_chapter(candidature, member, progress) -> None:
    for item in progress.items:
        actions.deposit(candidature, item.code, actor=member, text="exécution 1")


def test_first_complete_chapter_enters_the_queue(candidature, editor_member):
    with _at(2026, 12, 1, 9, 0):
        first = chapter_progress(candidature)[0]
        with pytest.raises(ValidationError, match="Preuves manquantes"):
            actions.submit_chapter(candidature, first.code, actor=editor_member)
        _deposit_chapter(candidature, editor_member, first)
        actions.submit_chapter(candidature, first.code, actor=editor_member)
        with pytest.raises(Conflict, match="déjà été soumis"):
            actions.submit_chapter(candidature, first.code, actor=editor_member)
    candidature.refresh_from_db()
    assert candidature.queue_entered_at == datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)
    assert candidature.status == "evidence_in_progress"


def test_complete_evidence_dossier_cannot_be_first_submitted_after_date_2(
    candidature, editor_member
):
    with _at(2027, 9, 1, 9, 0):
        for item in expected_items(candidature):
            actions.deposit(candidature, item.code, actor=editor_member, text="x")
    with _at(2027, 10, 1, 12, 0), pytest.raises(Conflict) as refused:
        actions.submit_evidence_dossier(candidature, actor=editor_member)
    assert "01/10/2027 à 12h00 (Date 2)" in refused.value.message
    with _at(2027, 10, 1, 11, 0):
        actions.submit_evidence_dossier(candidature, actor=editor_member)
    candidature.refresh_from_db()
    assert candidature.status == "evidence_complete"
    assert candidature.chapter_submissions.count() == len(
        [p for p in chapter_progress(candidature) if p.chapter]
    )


def test_equivalence_makes_an_item_optional_until_the_agency_demands_it(
    candidature, editor_member, instructor
):
    from referencement.candidatures import actions as candidature_actions

    # 001 §3.1: a valid wave-1 referencing of the same editor, for a wave-1 requirement.
    source = source_attestation(candidature.editor, "MS1-DUI-Va1", editor_member)
    candidature.status = "draft"
    candidature.save(update_fields=["status"])  # actions re-read the state they check
    candidature_actions.update_dossier(
        candidature, actor=editor_member, values={"previous_referencing_number": source.number}
    )
    candidature.status = "evidence_in_progress"
    candidature.save()
    item = next(
        i for i in expected_items(candidature) if i.requirement.perimeter == Perimeter.WAVE_1
    )
    evidence = actions.declare_equivalence(candidature, item.code, actor=editor_member)
    assert not next(i for i in expected_items(candidature) if i.code == item.code).required
    actions.demand_evidence(evidence, actor=instructor)
    assert next(i for i in expected_items(candidature) if i.code == item.code).required


def test_the_grid_offers_the_equivalence_claim_only_on_requirements_of_its_perimeter_003_3_1(
    client, candidature, editor_member
):
    """001 §3.1, 003 §3.1: only wave-1 requirements may be covered by an equivalence; the
    grid offers the claim on them and on nothing else (the claim's own rule decides)."""
    from referencement.candidatures import actions as candidature_actions

    source = source_attestation(candidature.editor, "MS1-DUI-Va1", editor_member)
    candidature.status = "draft"
    candidature.save(update_fields=["status"])
    candidature_actions.update_dossier(
        candidature, actor=editor_member, values={"previous_referencing_number": source.number}
    )
    candidature.status = "evidence_in_progress"
    candidature.save()
    items = expected_items(candidature)
    perimeter = {i.code: i.requirement.perimeter for i in items if i.requirement}
    login(client, editor_member)
    pages = []
    with _at(2026, 9, 1, 10, 0):
        for chapter in chapter_progress(candidature, items):
            for number in range(1, len(chapter.items) // ITEMS_PER_PAGE + 2):
                query = f"chapitre={chapter.slug}&page={number}"
                pages.append(
                    client.get(f"/candidatures/{candidature.pk}/preuves/?{query}").content.decode()
                )
    page = "".join(pages)
    claim = (
        r"Déjà validée lors du référencement précédent<span class=\"fr-sr-only\"> : preuve ([^<]+)<"
    )
    offered = set(re.findall(claim, page))
    shown = {code for code in perimeter if f">{code}</h3>" in page}
    wave_1 = {code for code, value in perimeter.items() if value == Perimeter.WAVE_1}
    assert offered and offered <= wave_1
    assert shown - offered and not (shown - offered) & wave_1
