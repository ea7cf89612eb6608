"""Issue 15 item 5: the queue page and the candidatures lists do a constant number of
queries whatever their size — ranks by a window function in the database, and every
row's next deadline from data fetched once for the page (001 §4.4, 003 §4.4, 004 §4.4:
the queue is the order of reception)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.choices import SolicitationPhase
from referencement.candidatures.models import Solicitation
from referencement.instruction.queue import ranked_queue, with_positions

from .fixtures import assigned_everywhere, make_candidature

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, tzinfo=PARIS)


def fill_queue(catalogues, editor, editor_member, count: int) -> list:
    """Candidatures over two dispositifs, one in three awaiting the editor's answer."""
    made = []
    for n in range(count):
        code = "HOP-PFI-Va2" if n % 2 else "MS-DUI-Va2"
        status = S.AWAITING_EDITOR if n % 3 == 0 else S.EVIDENCE_COMPLETE
        candidature = make_candidature(
            catalogues[code],
            editor=editor,
            created_by=editor_member,
            status=status,
            queue_entered_at=START + timedelta(hours=n),
            evidence=0,
            solution_name=f"Solution {n:03d}",
        )
        if status == S.AWAITING_EDITOR:
            Solicitation.objects.create(
                candidature=candidature,
                phase=SolicitationPhase.INSTRUCTION,
                asked_by=editor_member,
                question="Précisez l'ID d'exécution.",
                asked_at=START,
                due_at=START + timedelta(days=10),
                abandon_at=START + timedelta(days=30),
            )
        made.append(candidature)
    return made


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_positions_are_the_rank_in_the_dispositif_by_reception_001_4_4(
    catalogues, editor, editor_member
):
    made = fill_queue(catalogues, editor, editor_member, 7)
    # A page holding only some candidatures of each dispositif keeps their queue ranks.
    page = with_positions([made[6], made[3], made[5]])
    assert [c.position for c in page] == [4, 2, 3]
    ranks = {c.pk: c.position for c in ranked_queue()}
    assert [ranks[c.pk] for c in made] == [1, 1, 2, 2, 3, 3, 4]


@pytest.mark.parametrize(
    ("url", "user"),
    [
        ("/instruction/", "instructor"),
        ("/candidatures/", "instructor"),
        ("/candidatures/", "editor_member"),
        ("/", "editor_member"),
    ],
)
def test_lists_do_the_same_number_of_queries_for_5_and_50_candidatures(
    client, catalogues, editor, editor_member, instructor, url, user
):
    login(client, instructor if user == "instructor" else editor_member)
    fill_queue(catalogues, editor, editor_member, 5)
    with_five = queries(client, url)
    fill_queue(catalogues, editor, editor_member, 45)
    assert queries(client, url) == with_five


def test_the_queue_page_stays_under_its_query_budget_with_50_rows(
    client, catalogues, editor, editor_member, instructor, django_assert_max_num_queries
):
    fill_queue(catalogues, editor, editor_member, 50)
    assigned_everywhere(instructor)
    login(client, instructor)
    with django_assert_max_num_queries(25):
        response = client.get("/instruction/")
    assert response.content.decode().count("Solution 0") == 25
