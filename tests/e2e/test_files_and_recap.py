"""Issue 10 items 1–2 in Chromium: an instructor opens each kind of proof of a candidature in
instruction (PNG, PDF, video seeking with byte ranges, CDA rendered / raw / report); an
editor downloads the récépissé of its dossier. axe-core on the new pages."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from referencement.candidatures import actions as candidatures
from referencement.candidatures.testing import draft, fill_dossier
from referencement.core.demo.documents import demo_pdf
from referencement.evidence import actions as evidence
from referencement.evidence.expected import expected_items
from referencement.evidence.tests.test_file_preview import CDA
from referencement.files.storage import blob_store
from referencement.instruction.actions import start_instruction
from referencement.lib.blobstore import PendingBlob

from .conftest import signed_in_page
from .test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True)
# A video header followed by enough data that the browser cannot take it in one read.
VIDEO_BYTES = 24 * 1024 * 1024


def png() -> bytes:
    image = Image.new("RGB", (640, 360), "white")
    drawing = ImageDraw.Draw(image)
    drawing.rectangle((40, 40, 600, 320), outline="navy", width=6)
    drawing.text((80, 160), "Capture d'ecran fictive - ecran de prescription", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def stored(data: bytes) -> PendingBlob:
    writer = blob_store().writer(len(data) + 1)
    for start in range(0, len(data), 1024 * 1024):
        writer.write(data[start : start + 1024 * 1024])
    return writer.finish()


@pytest.fixture
def in_instruction(catalogues, editor_admin, instructor):
    """A candidature in instruction whose first items hold a PNG, a PDF, a video, a CDA."""
    candidature = fill_dossier(draft("MS2-DUI-PDE-Va1-SF", editor_admin), editor_admin)
    candidatures.submit_dossier(candidature, actor=editor_admin)
    candidatures.accept_dossier(candidature, actor=instructor)
    video = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * (VIDEO_BYTES // 256)
    files = [
        (png(), "capture.png"),
        (demo_pdf("Rapport de tests fictif"), "rapport.pdf"),
        (video, "demonstration.webm"),
        (CDA, "lettre-de-liaison.xml"),
    ]
    for index, item in enumerate(expected_items(candidature)):
        if index < len(files):
            data, name = files[index]
            evidence.deposit(
                candidature, item.code, actor=editor_admin, pending=stored(data), filename=name
            )
        else:
            evidence.deposit(candidature, item.code, actor=editor_admin, text="id-42")
    evidence.submit_evidence_dossier(candidature, actor=editor_admin)
    start_instruction(candidature, actor=instructor)
    return candidature


def open_proof(page, candidature, filename: str) -> None:
    page.goto(f"/candidatures/{candidature.pk}/preuves/")
    versions = page.locator("details.evidence-row__versions").filter(has_text=filename)
    if versions.get_attribute("open") is None:
        versions.locator("summary").click()
    versions.get_by_role("link", name=f"Voir {filename}").click()
    expect(page.get_by_role("heading", level=1, name=filename)).to_be_visible()


def test_an_instructor_opens_each_kind_of_proof(
    browser, live_server, in_instruction, instructor, shots
):
    page = signed_in_page(browser, live_server, instructor)
    violations = {}

    open_proof(page, in_instruction, "capture.png")
    image = page.get_by_role("img", name="Aperçu de l'image capture.png")
    expect(image).to_be_visible()
    # Visible is not loaded: the browser fetches the preview after laying the page out.
    page.wait_for_function("(img) => img.complete", arg=image.element_handle())
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) == 640
    shots(page, "png")
    violations["png"] = blocking_violations(page)

    open_proof(page, in_instruction, "rapport.pdf")
    expect(page.locator("iframe[title='Aperçu du PDF rapport.pdf']")).to_be_attached()
    shots(page, "pdf")
    violations["pdf"] = blocking_violations(page)

    ranges = []
    page.on(
        "response",
        lambda response: (
            ranges.append((response.status, response.headers.get("content-range")))
            if "/contenu/" in response.url
            else None
        ),
    )
    open_proof(page, in_instruction, "demonstration.webm")
    video = page.locator("video")
    expect(video).to_be_attached()
    # Seek to the middle as the player does: a range request answered 206 from the middle.
    middle = VIDEO_BYTES // 2
    status, content_range = page.evaluate(
        """async ([url, start]) => {
            const response = await fetch(url, {headers: {Range: `bytes=${start}-${start + 1023}`}});
            return [response.status, response.headers.get("Content-Range")];
        }""",
        [video.get_attribute("src"), middle],
    )
    assert (status, content_range) == (206, f"bytes {middle}-{middle + 1023}/{VIDEO_BYTES + 4}")
    page.wait_for_function("() => document.querySelector('video').networkState !== 0")
    assert any(status == 206 for status, _ in ranges), ranges
    shots(page, "video")
    violations["video"] = blocking_violations(page)

    open_proof(page, in_instruction, "lettre-de-liaison.xml")
    expect(page.get_by_role("heading", name="Document mis en forme")).to_be_visible()
    expect(page.locator("#rendu strong", has_text="Chute à domicile")).to_be_visible()
    shots(page, "cda-rendu")
    page.get_by_role("link", name="XML brut").click()
    expect(page.locator("#xml pre")).to_contain_text('<paragraph styleCode="Bold">')
    shots(page, "cda-xml")
    page.get_by_role("link", name="Rapport de conformité").click()
    expect(page.get_by_role("heading", name="Rapport de conformité")).to_be_visible()
    shots(page, "cda-rapport")
    violations["cda"] = blocking_violations(page)
    assert {kind: found for kind, found in violations.items() if found} == {}


def test_the_instructor_reads_the_recap_and_the_editor_downloads_the_receipt(
    browser, live_server, catalogues, editor_admin, instructor, shots
):
    candidature = fill_dossier(draft("MS2-DUI-PDE-Va1-SF", editor_admin), editor_admin)
    candidatures.submit_dossier(candidature, actor=editor_admin)

    staff = signed_in_page(browser, live_server, instructor)
    staff.goto(f"/candidatures/{candidature.pk}/")
    staff.get_by_role("link", name="Examiner le dossier administratif").click()
    expect(staff.get_by_role("heading", level=1, name="Dossier administratif")).to_be_visible()
    expect(staff.get_by_text("NIL-0001")).to_be_visible()
    expect(staff.get_by_role("link", name="documentation.pdf", exact=True)).to_be_visible()
    shots(staff, "instructeur-recapitulatif")
    assert blocking_violations(staff) == []
    staff.get_by_text("Rejeter le dossier", exact=True).click()
    staff.get_by_label("Demande de complément ou motif du rejet").fill("Dossier incomplet.")
    staff.get_by_role("button", name="Enregistrer la décision").click()
    expect(staff.get_by_role("heading", name="Rejeter le dossier administratif ?")).to_be_visible()
    shots(staff, "instructeur-confirmation-rejet")
    assert blocking_violations(staff) == []
    staff.get_by_role("link", name="Non, revenir au dossier").click()
    expect(staff.get_by_text("Dossier administratif soumis").first).to_be_visible()
    staff.context.close()

    editor = signed_in_page(browser, live_server, editor_admin)
    editor.goto(f"/candidatures/{candidature.pk}/dossier/recapitulatif/")
    shots(editor, "editeur-recapitulatif")
    with editor.expect_download() as download_info:
        editor.get_by_role("link", name="Télécharger le récépissé de dépôt").click()
    download = download_info.value
    assert download.suggested_filename == f"recepisse-depot-{candidature.pk}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
