"""The agency's work lists on /candidatures/ (issue 10 item 5): tabs with counts (also on
the agency home page), filters by dispositif, phase, editor and free text, an editor
column, sortable dates, pagination with a query count that does not grow with the list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import login
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.candidatures.choices import SolicitationPhase
from referencement.candidatures.models import Candidature, Solicitation
from referencement.catalog.models import Dispositif
from referencement.instruction.tests.fixtures import assigned_everywhere

pytestmark = pytest.mark.django_db


def _make(editor, user, name: str, status: str = S.ADMIN_SUBMITTED, code="MS-DUI-Va2"):
    return Candidature.objects.create(
        editor=editor,
        dispositif=Dispositif.objects.get(code=code),
        status=status,
        solution_name=name,
        created_by=user,
    )


@pytest.fixture
def listed(catalogues, editor, other_editor, editor_member, other_editor_member, instructor):
    submitted = _make(editor, editor_member, "Alpha Dossier")
    instructing = _make(other_editor, other_editor_member, "Bêta Soins", S.IN_INSTRUCTION)
    waiting = _make(editor, editor_member, "Gamma Suivi", S.AWAITING_EDITOR)
    Solicitation.objects.create(
        candidature=waiting,
        phase=SolicitationPhase.INSTRUCTION,
        question="Précisez.",
        asked_by=instructor,
        due_at=timezone.now() - timedelta(days=1),
        abandon_at=timezone.now() + timedelta(days=29),
    )
    assigned_everywhere(instructor)
    return submitted, instructing, waiting


def test_tabs_list_the_agencys_work_and_count_it(client, listed, instructor):
    submitted, instructing, waiting = listed
    login(client, instructor)
    page = client.get("/candidatures/?onglet=a-examiner").content.decode()
    assert "Alpha Dossier" in page and "Bêta Soins" not in page
    assert "À examiner (1)" in page and "Échéances dépassées (1)" in page
    overdue = client.get("/candidatures/?onglet=echeances-depassees").content.decode()
    assert "Gamma Suivi" in overdue and "Alpha Dossier" not in overdue
    assert "Dépassée" in overdue


def test_the_agency_home_page_counts_each_work_list(client, listed, instructor):
    login(client, instructor)
    page = client.get("/").content.decode()
    assert "Listes de travail" in page and "?onglet=attente-editeur" in page


def test_the_agency_filters_by_editor_and_free_text_and_sees_the_editor_column(
    client, listed, other_editor, instructor
):
    login(client, instructor)
    page = client.get(f"/candidatures/?editor={other_editor.pk}").content.decode()
    assert "Bêta Soins" in page and "Alpha Dossier" not in page
    assert f"<td>{other_editor.name}</td>" in page
    searched = client.get("/candidatures/?q=gamma").content.decode()
    assert "Gamma Suivi" in searched and "Bêta Soins" not in searched


def test_dates_sort_both_ways(client, listed, instructor):
    login(client, instructor)
    oldest_first = client.get("/candidatures/?tri=depot-ancien").content.decode()
    newest_first = client.get("/candidatures/?tri=depot-recent").content.decode()
    assert oldest_first.index("Alpha Dossier") < oldest_first.index("Gamma Suivi")
    assert newest_first.index("Gamma Suivi") < newest_first.index("Alpha Dossier")


def test_an_editor_has_no_editor_filter_and_never_sees_another_editors_candidature(
    client, listed, editor_member
):
    login(client, editor_member)
    page = client.get("/candidatures/?q=Bêta").content.decode()
    assert "Bêta Soins" not in page and 'name="editor"' not in page
    assert "?onglet=" not in page


def test_the_list_runs_the_same_queries_for_one_page_of_a_long_list(
    client, catalogues, editor, editor_member, instructor
):
    assigned_everywhere(instructor)
    login(client, instructor)
    counts = []
    for total in (25, 60):
        while Candidature.objects.count() < total:
            _make(editor, editor_member, f"Solution {Candidature.objects.count()}")
        client.get("/candidatures/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/candidatures/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
