"""Previewing a deposited file (issue 10 item 1): images, PDF and video by the browser's own
viewers from a sandboxed inline URL; text escaped; a CDA rendered, raw and with its report;
a zip (IHE_XDM) listed entry by entry; nothing the editor wrote ever runs in the page."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from conftest import login, read_whole
from referencement.audit.models import AuditEvent
from referencement.candidatures.testing import PDF, accepted, load_catalogues, pending
from referencement.evidence import actions
from referencement.evidence.expected import expected_items

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CDA = """<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <code code="11490-0" displayName="Lettre de liaison"/>
  <title>Lettre de sortie fictive</title>
  <effectiveTime value="20260101120000+0100"/>
  <component><structuredBody><component><section>
    <title>Motif d'hospitalisation</title>
    <text><paragraph styleCode="Bold">Chute à domicile</paragraph>
      <table><tr><td colspan="2" onmouseover="alert(1)">Tension 12/8</td></tr></table>
      <linkHtml href="javascript:alert(2)">lien piégé</linkHtml>
      <script>alert(3)</script></text>
    <component><section><title>Sous-section</title><text>Détail</text></section></component>
  </section></component></structuredBody></component>
</ClinicalDocument>""".encode()


@pytest.fixture
def candidature(editor_member, instructor):
    load_catalogues()
    return accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)


def deposit(candidature, user, data: bytes, filename: str):
    code = expected_items(candidature)[0].code
    return actions.deposit(
        candidature, code, actor=user, pending=pending(data), filename=filename, text=""
    )


def url(name: str, candidature, version, *extra) -> str:
    return reverse(f"evidence:evidence_{name}", args=[candidature.pk, version.pk, *extra])


def test_an_image_is_shown_from_a_sandboxed_inline_url(client, candidature, editor_member):
    version = deposit(candidature, editor_member, PNG, "capture.png")
    client = login(client, editor_member)
    page = client.get(url("view", candidature, version)).content.decode()
    assert f'src="{url("content", candidature, version)}"' in page
    content = read_whole(client.get(url("content", candidature, version)))
    assert content["Content-Type"] == "image/png"
    assert content["Content-Disposition"] == 'inline; filename="capture.png"'
    assert content["Content-Security-Policy"].startswith("sandbox")
    assert content["X-Frame-Options"] == "SAMEORIGIN"
    assert content["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_is_framed_and_a_video_played_by_the_browser(client, candidature, editor_member):
    client = login(client, editor_member)
    pdf = deposit(candidature, editor_member, PDF, "notice.pdf")
    assert "<iframe" in client.get(url("view", candidature, pdf)).content.decode()
    video = deposit(candidature, editor_member, b"\x00\x00\x00\x18ftypmp42" + b"0" * 99, "d.mp4")
    page = client.get(url("view", candidature, video)).content.decode()
    assert (
        f'<video class="file-preview__video" controls preload="metadata" src="{url("content", candidature, video)}"'
        in page
    )


def test_uploaded_markup_is_shown_as_escaped_text_and_never_served_inline(
    client, candidature, editor_member
):
    version = deposit(
        candidature, editor_member, b"<html><script>alert(1)</script></html>", "x.html"
    )
    client = login(client, editor_member)
    page = client.get(url("view", candidature, version)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert client.get(url("content", candidature, version)).status_code == 404


def test_plain_text_is_shown_in_the_page(client, candidature, editor_member):
    version = deposit(candidature, editor_member, "Identifiant d'exécution : 42".encode(), "id.txt")
    page = login(client, editor_member).get(url("view", candidature, version)).content.decode()
    assert "Identifiant d&#x27;exécution : 42" in page


def test_a_cda_is_rendered_sanitised_raw_and_with_its_report(client, candidature, editor_member):
    version = deposit(candidature, editor_member, CDA, "lettre.xml")
    page = login(client, editor_member).get(url("view", candidature, version)).content.decode()
    # Rendered: header and narrative blocks, as the agency stylesheet shows them.
    assert "Lettre de sortie fictive" in page
    assert "01/01/2026 12:00" in page
    assert "<p><strong>Chute à domicile</strong></p>" in page
    assert '<td colspan="2">Tension 12/8</td>' in page
    assert "Sous-section" in page
    # Nothing active survives: no handler, no javascript: link, no script element.
    assert "onmouseover" not in page.split('id="xml"')[0]
    assert "javascript:" not in page.split('id="xml"')[0]
    assert "alert(3)" not in page.split('id="xml"')[0]
    # Raw XML, escaped.
    assert "&lt;paragraph styleCode=&quot;Bold&quot;&gt;" in page
    # Its conformity report.
    assert 'id="rapport"' in page
    assert version.get_conformity_status_display() in page


def xdm_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_xdm_archive_lists_its_entries_each_one_viewable(client, candidature, editor_member):
    data = xdm_zip(
        {
            "README.TXT": b"Lisez-moi",
            "IHE_XDM/SUBSET01/DOC0001.XML": CDA,
            "IHE_XDM/SUBSET01/IMG.PNG": PNG,
        }
    )
    version = deposit(candidature, editor_member, data, "xdm.zip")
    client = login(client, editor_member)
    page = client.get(url("view", candidature, version)).content.decode()
    assert "IHE_XDM/SUBSET01/DOC0001.XML" in page
    assert url("entry", candidature, version, 1) in page
    cda = client.get(url("entry", candidature, version, 1)).content.decode()
    assert "<p><strong>Chute à domicile</strong></p>" in cda
    image = client.get(url("entry_content", candidature, version, 2))
    assert image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline;")
    assert image.content == PNG
    assert client.get(url("entry", candidature, version, 9)).status_code == 404


def test_a_hostile_archive_is_refused_with_a_reason(client, candidature, editor_member):
    version = deposit(candidature, editor_member, xdm_zip({"../../etc/passwd": b"x"}), "x.zip")
    page = login(client, editor_member).get(url("view", candidature, version)).content.decode()
    assert "Chemin remontant (..) refusé" in page


def test_a_preview_by_the_agency_is_an_audited_read(client, candidature, editor_member, instructor):
    version = deposit(candidature, editor_member, CDA, "lettre.xml")
    login(client, instructor).get(url("view", candidature, version))
    event = AuditEvent.objects.get(action="file.read")
    assert (event.actor_id, event.subject_id, event.new_values["how"]) == (
        instructor.pk,
        str(version.pk),
        "aperçu",
    )


def test_a_dossier_document_has_the_same_preview(client, candidature, editor_member):
    client = login(client, editor_member)
    page = client.get(reverse("evidence:document_view", args=[candidature.pk, "documentation"]))
    assert page.status_code == 200
    assert "<iframe" in page.content.decode()
    assert "Pas de contrôle automatique pour ce document" in page.content.decode()
