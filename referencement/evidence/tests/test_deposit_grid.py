"""The evidence page as a grid by chapter (issue 11 item 1): one row per expected item with
its statements and its own deposit form, filters, pagination, and after a deposit the
user is brought back to the row (001 §4.4, 003 §4.3, 004 §4.3: evidence per requirement)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referencement.candidatures.testing import PDF, accepted, load_catalogues
from referencement.evidence import actions
from referencement.evidence.choices import ConformityStatus
from referencement.evidence.expected import chapter_progress, expected_items
from referencement.evidence.grid import ITEMS_PER_PAGE
from referencement.evidence.models import EvidenceVersion
from referencement.instruction.models import Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidature(editor_member, instructor):
    load_catalogues()
    return accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)


def latest(candidature, item) -> EvidenceVersion:
    return next(i for i in expected_items(candidature) if i.code == item.code).latest


def page_url(candidature, query: str = "") -> str:
    return reverse("evidence:evidence", args=(candidature.pk,)) + query


def deposit_url(candidature) -> str:
    return reverse("evidence:evidence_deposit", args=(candidature.pk,))


def test_the_page_shows_one_chapter_with_a_deposit_form_per_row_and_no_global_select(
    login_as, editor_member, candidature
):
    login_as(editor_member)
    chapters = chapter_progress(candidature)
    first = chapters[0]
    html = login_as(editor_member).get(page_url(candidature)).content.decode()
    assert "<select" not in html
    shown = min(len(first.items), ITEMS_PER_PAGE)
    assert html.count('class="evidence-deposit fr-mt-1w"') == shown
    assert f'id="{first.items[0].anchor}"' in html
    for chapter in chapters:
        assert f"?chapitre={chapter.slug}" in html


def test_a_statement_missing_from_the_catalogue_reads_enonce_non_publie(
    login_as, editor_member, candidature
):
    item = expected_items(candidature)[0]
    item.requirement.text = ""
    item.requirement.save(update_fields=["text"])
    html = login_as(editor_member).get(page_url(candidature)).content.decode()
    assert "énoncé non publié" in html


def test_a_published_statement_is_shown_in_its_row(login_as, editor_member, candidature):
    item = expected_items(candidature)[0]
    item.requirement.text = "Le logiciel affiche l'identité INS qualifiée."
    item.requirement.save(update_fields=["text"])
    html = login_as(editor_member).get(page_url(candidature)).content.decode()
    assert "Le logiciel affiche l&#x27;identité INS qualifiée." in html


def test_after_a_deposit_the_user_is_brought_back_to_the_row(login_as, editor_member, candidature):
    chapters = chapter_progress(candidature)
    item = chapters[-1].items[-1]
    response = login_as(editor_member).post(
        deposit_url(candidature),
        {"item": item.code, "file": SimpleUploadedFile("preuve.pdf", PDF)},
    )
    assert response.status_code == 302
    assert f"chapitre={chapters[-1].slug}" in response["Location"]
    assert response["Location"].endswith(f"#{item.anchor}")
    assert EvidenceVersion.objects.filter(evidence__candidature=candidature).count() == 1


def test_with_htmx_a_deposit_answers_the_row_partial_with_its_outcome(
    login_as, editor_member, candidature
):
    item = expected_items(candidature)[0]
    response = login_as(editor_member).post(
        deposit_url(candidature),
        {"item": item.code, "text": "run-42"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page_url(candidature, '?filtre=manquantes')}",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="evidence-row" id="{item.anchor}">')
    assert f"Preuve {item.code} déposée." in html
    assert "Déposée" in html
    # The chapter's progress and the side menu are refreshed out of band.
    assert '<div id="chapitre-avancement" hx-swap-oob="true">' in html
    assert 'id="chapitres-liste" hx-swap-oob="true"' in html
    assert '<p class="fr-mb-1w">1 sur ' in html
    assert 'aria-current="true">Manquantes (' in html  # the page's filter is kept


def test_a_refused_deposit_says_why_in_the_row(login_as, editor_member, candidature):
    item = expected_items(candidature)[0]
    response = login_as(editor_member).post(
        deposit_url(candidature), {"item": item.code}, HTTP_HX_REQUEST="true"
    )
    assert "Déposez un fichier ou saisissez un texte." in response.content.decode()
    assert not EvidenceVersion.objects.exists()


def test_the_missing_filter_lists_only_the_missing_items(login_as, editor_member, candidature):
    chapter = chapter_progress(candidature)[0]
    deposited, missing = chapter.items[0], chapter.items[1]
    actions.deposit(candidature, deposited.code, actor=editor_member, text="run-1")
    html = (
        login_as(editor_member)
        .get(page_url(candidature, f"?chapitre={chapter.slug}&filtre=manquantes"))
        .content.decode()
    )
    assert f'id="{missing.anchor}"' in html
    assert f'id="{deposited.anchor}"' not in html


def test_the_non_conform_and_to_correct_filters_follow_the_latest_version(
    login_as, editor_member, instructor, candidature
):
    chapter = chapter_progress(candidature)[0]
    failed, rejected, fine = chapter.items[:3]
    for item in (failed, rejected, fine):
        actions.deposit(candidature, item.code, actor=editor_member, text="run")
    EvidenceVersion.objects.filter(pk=latest(candidature, failed).pk).update(
        conformity_status=ConformityStatus.FAILED
    )
    Verdict.objects.create(
        version=latest(candidature, rejected),
        value="non_conforme",
        comment="Capture illisible.",
        decided_by=instructor,
    )
    client = login_as(editor_member)
    base = f"?chapitre={chapter.slug}&filtre="
    non_conform = client.get(page_url(candidature, base + "non-conformes")).content.decode()
    to_correct = client.get(page_url(candidature, base + "a-corriger")).content.decode()
    assert f'id="{failed.anchor}"' in non_conform and f'id="{fine.anchor}"' not in non_conform
    assert f'id="{rejected.anchor}"' in to_correct and f'id="{failed.anchor}"' not in to_correct
    assert "Capture illisible." in to_correct


def test_long_chapters_are_paginated(login_as, editor_member, candidature):
    chapter = max(chapter_progress(candidature), key=lambda c: len(c.items))
    assert len(chapter.items) > ITEMS_PER_PAGE
    client = login_as(editor_member)
    second = client.get(page_url(candidature, f"?chapitre={chapter.slug}&page=2")).content.decode()
    assert f'id="{chapter.items[ITEMS_PER_PAGE].anchor}"' in second
    assert f'id="{chapter.items[0].anchor}"' not in second
    assert "fr-pagination" in second


def test_agency_staff_read_the_grid_without_deposit_forms(login_as, instructor, candidature):
    html = login_as(instructor).get(page_url(candidature)).content.decode()
    assert "evidence-row" in html
    assert 'class="evidence-deposit fr-mt-1w"' not in html


def test_another_editor_never_reaches_the_grid_nor_deposits(
    login_as, other_editor_member, candidature
):
    client = login_as(other_editor_member)
    item = expected_items(candidature)[0]
    assert client.get(page_url(candidature)).status_code == 404
    response = client.post(deposit_url(candidature), {"item": item.code, "text": "intrus"})
    assert response.status_code == 404
    assert not EvidenceVersion.objects.exists()


def test_each_deposited_file_links_to_its_download(login_as, editor_member, candidature):
    item = expected_items(candidature)[0]
    client = login_as(editor_member)
    client.post(
        deposit_url(candidature), {"item": item.code, "file": SimpleUploadedFile("p.pdf", PDF)}
    )
    version = EvidenceVersion.objects.get()
    html = client.get(page_url(candidature)).content.decode()
    link = reverse("evidence:evidence_download", args=(candidature.pk, version.pk))
    assert f'href="{link}"' in html
    assert b"".join(client.get(link).streaming_content) == PDF


def test_a_row_whose_check_could_not_run_reads_non_verifiable_never_deposited(
    login_as, editor_member, candidature
):
    item = expected_items(candidature)[0]
    actions.deposit(candidature, item.code, actor=editor_member, text="run")
    EvidenceVersion.objects.filter(pk=latest(candidature, item).pk).update(
        conformity_status=ConformityStatus.UNVERIFIABLE
    )
    html = login_as(editor_member).get(page_url(candidature)).content.decode()
    row = html[html.index(f'id="{item.anchor}"') :]
    badge = row[: row.index("</p>")]
    assert badge.endswith("Non vérifiable") and "fr-badge--warning" in badge
