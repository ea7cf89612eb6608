"""Issue 11 items 1 and 2 in the browser, at 1280 px and 390 px: an editor deposits three
items of two chapters from their rows, watches the progress bar of a video sent in resumable
chunks, loses the connection on one chunk, and the upload resumes to completion with the
same SHA-256 stored; then downloads their own version. No page wider than the screen; no
serious axe violation.

The resumable threshold and chunk size are the operator's settings: here a 3 MB video cut in
256 KB chunks stands for a 300 MB one in 16 MB chunks (what is proved is the cut, the resume
and the hash, not the bandwidth), and other files are limited below its size as 200 MB are
below 300 MB."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from referencement.candidatures.testing import accepted, load_catalogues
from referencement.evidence.expected import chapter_progress
from referencement.evidence.models import EvidenceVersion

from .conftest import signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)

VIDEO = 3 * 1024 * 1024
CHUNK = 256 * 1024


@pytest.fixture
def resumable_settings(settings):
    settings.EVIDENCE_RESUMABLE_FROM_BYTES = 1024 * 1024
    settings.EVIDENCE_RESUMABLE_CHUNK_BYTES = CHUNK
    settings.EVIDENCE_MAX_FILE_BYTES = VIDEO // 2


@pytest.fixture
def big_video(tmp_path):
    """A WebM video over the resumable threshold, sparse: only its header takes room."""
    path = tmp_path / "demonstration.webm"
    with path.open("wb") as handle:
        handle.write(b"\x1a\x45\xdf\xa3" + b"\x42\x86\x81\x01" * 1024)
        handle.truncate(VIDEO)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def candidature(editor_member, instructor):
    load_catalogues()
    return accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def open_chapter(page, title: str) -> None:
    menu = page.get_by_role("button", name="Chapitres")
    if menu.is_visible():
        menu.click()
    page.locator(".fr-sidemenu__link", has_text=title).click()


def open_deposit(row) -> None:
    row.locator("summary", has_text="Déposer").click()


class CutChunk:
    """Holds the third chunk of the upload, as a stalled connection does, while the test looks
    at the progress; then drops it as a reset connection would. Counts the chunks sent."""

    OFFSET = str(2 * CHUNK)

    def __init__(self, page):
        self.patches: list[str] = []
        self.held = None
        page.route("**/preuves/televersements/**", self._handle)

    def is_third_chunk(self, request) -> bool:
        return request.method == "PATCH" and request.headers.get("upload-offset") == self.OFFSET

    def _handle(self, route) -> None:
        if route.request.method == "PATCH":
            self.patches.append(route.request.headers["upload-offset"])
            if self.held is None and self.is_third_chunk(route.request):
                self.held = route
                return
        route.continue_()

    def drop(self) -> None:
        assert self.held is not None, "the third chunk was never sent"
        self.held.abort("connectionreset")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_editor_deposits_from_the_rows_and_a_cut_upload_resumes(
    browser, live_server, editor_member, candidature, resumable_settings, big_video, shots, width
):
    path, sha256 = big_video
    chapters = chapter_progress(candidature)
    first, second = chapters[0], chapters[1]
    page = signed_in_page(browser, live_server, editor_member)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/candidatures/{candidature.pk}/preuves/")
    shots(page, "grille")
    fits(page, width)
    assert blocking_violations(page) == []

    # 1. A small file from its row: the row is swapped in place with its new status.
    row = page.locator(f"#{first.items[0].anchor}")
    open_deposit(row)
    row.get_by_label(f"Fichier de la preuve {first.items[0].code}").set_input_files(
        files=[{"name": "capture.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    row.get_by_role("button", name=f"Déposer la preuve {first.items[0].code}").click()
    expect(row.get_by_role("alert")).to_contain_text(f"Preuve {first.items[0].code} déposée.")
    expect(row.locator(".fr-badge").first).to_have_text("Déposée")

    # 2. A text (a test execution ID) in the next row.
    row = page.locator(f"#{first.items[1].anchor}")
    open_deposit(row)
    row.get_by_label("Ou un texte").fill("exécution 2026-0042")
    row.get_by_role("button", name=f"Déposer la preuve {first.items[1].code}").click()
    expect(row.get_by_role("alert")).to_contain_text("déposée")
    expect(page.locator("#chapitre-avancement")).to_contain_text("2 sur")
    shots(page, "deux-depots")

    # 3. A video in another chapter, sent in chunks, one of which is cut on the way.
    open_chapter(page, second.title)
    item = second.items[0]
    row = page.locator(f"#{item.anchor}")
    cut = CutChunk(page)
    open_deposit(row)
    row.get_by_label(f"Fichier de la preuve {item.code}").set_input_files(str(path))
    with page.expect_request(cut.is_third_chunk):
        row.get_by_role("button", name=f"Déposer la preuve {item.code}").click()
    status = row.locator(".evidence-upload__status")
    expect(status).to_contain_text("temps restant")
    expect(row.get_by_role("button", name=f"Déposer la preuve {item.code}")).to_be_disabled()
    expect(row.get_by_role("button", name="Annuler l'envoi")).to_be_visible()
    row.scroll_into_view_if_needed()
    shots(page, "progression")
    fits(page, width)
    cut.drop()
    expect(row.get_by_role("alert")).to_contain_text(f"Preuve {item.code} déposée.")
    shots(page, "video-deposee")
    assert cut.patches.count(CutChunk.OFFSET) == 2, "the cut chunk was sent again"
    assert len(cut.patches) == VIDEO // CHUNK + 1, "the upload went on to its last chunk"

    version = EvidenceVersion.objects.get(filename="demonstration.webm")
    assert (version.blob.sha256, version.blob.size) == (sha256, VIDEO)
    assert EvidenceVersion.objects.filter(evidence__candidature=candidature).count() == 3
    fits(page, width)
    assert blocking_violations(page) == []

    # 4. The editor downloads their own version from its row.
    open_chapter(page, first.title)
    row = page.locator(f"#{first.items[0].anchor}")
    row.locator("summary", has_text="1 version déposée").click()
    with page.expect_download() as download:
        row.get_by_role("link", name="Télécharger capture.pdf").click()
    assert download.value.suggested_filename == "capture.pdf"
    assert Path(download.value.path()).read_bytes() == b"%PDF-1.4\n"
    shots(page, "telechargement")
    page.context.close()


def test_without_javascript_a_row_deposit_posts_the_form_and_comes_back_to_the_row(
    browser, live_server, editor_member, candidature, shots
):
    session = signed_in_page(browser, live_server, editor_member)
    cookies = session.context.cookies()
    session.context.close()
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(f"/candidatures/{candidature.pk}/preuves/")
    chapter = chapter_progress(candidature)[1]
    item = chapter.items[1]
    page.locator(".fr-sidemenu__link", has_text=chapter.title).click()
    row = page.locator(f"#{item.anchor}")
    open_deposit(row)
    row.get_by_label("Ou un texte").fill("exécution sans script")
    row.get_by_role("button", name=f"Déposer la preuve {item.code}").click()
    page.wait_for_url(f"**#{item.anchor}")
    expect(page.get_by_role("alert").first).to_contain_text(f"Preuve {item.code} déposée.")
    expect(row.locator(".fr-badge").first).to_have_text("Déposée")
    shots(page, "sans-javascript")
    context.close()
