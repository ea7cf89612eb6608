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
from referencement.evidence.storage import blob_store
from referencement.evidence.tests.test_file_preview import CDA
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
    page.get_by_role("link", name=f"Voir {filename}").click()
    expect(page.get_by_role("heading", level=1, name=filename)).to_be_visible()


def test_an_instructor_opens_each_kind_of_proof(
    browser, live_server, in_instruction, instructor, shots
):
    page = signed_in_page(browser, live_server, instructor)
    violations = {}

    open_proof(page, in_instruction, "capture.png")
    image = page.get_by_role("img", name="Aperçu de l'image capture.png")
    expect(image).to_be_visible()
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
