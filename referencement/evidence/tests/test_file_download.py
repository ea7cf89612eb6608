"""Downloading a deposited file (issue 10 item 1): streamed with its type and original name,
never sniffed by the browser, byte ranges for videos, 404 for whoever may not read the
dossier, and every read by the agency in the audit log."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from conftest import login, read_whole
from referencement.audit.models import AuditEvent
from referencement.candidatures.testing import PDF, accepted, load_catalogues, pending
from referencement.college.models import AgendaItem, CollegeSession
from referencement.evidence import actions
from referencement.evidence.expected import expected_items

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 400


@pytest.fixture
def candidature(editor_member, instructor):
    load_catalogues()
    return accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)


def deposit(candidature, user, data: bytes, filename: str):
    code = expected_items(candidature)[0].code
    return actions.deposit(
        candidature, code, actor=user, pending=pending(data), filename=filename, text=""
    )


def download_url(candidature, version) -> str:
    return reverse("evidence:evidence_download", args=[candidature.pk, version.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_streams_the_file_with_its_type_and_original_name(client, candidature, editor_member):
    version = deposit(candidature, editor_member, PDF, "Rapport d'essai é.pdf")
    response = login(client, editor_member).get(download_url(candidature, version))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    # RFC 6266: an attachment, the UTF-8 name in filename*.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Rapport%20d%27essai%20%C3%A9.pdf"
    )
    assert response["ETag"] == f'"{hashlib.sha256(PDF).hexdigest()}"'


def test_uploaded_markup_is_only_ever_an_attachment_in_a_sandbox(
    client, candidature, editor_member
):
    page = b"<html><script>alert(1)</script></html>"
    version = deposit(candidature, editor_member, page, "page.html")
    response = read_whole(login(client, editor_member).get(download_url(candidature, version)))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "html" not in response["Content-Type"]


def test_it_serves_the_byte_range_asked_for_with_206(client, candidature, editor_member):
    version = deposit(candidature, editor_member, VIDEO, "demo.mp4")
    client = login(client, editor_member)
    middle = len(VIDEO) // 2
    response = client.get(
        download_url(candidature, version), HTTP_RANGE=f"bytes={middle}-{middle + 99}"
    )
    assert response.status_code == 206
    assert body(response) == VIDEO[middle : middle + 100]
    assert response["Content-Range"] == f"bytes {middle}-{middle + 99}/{len(VIDEO)}"
    assert response["Content-Length"] == "100"
    assert response["Accept-Ranges"] == "bytes"
    tail = client.get(download_url(candidature, version), HTTP_RANGE="bytes=-10")
    assert body(tail) == VIDEO[-10:]
    open_ended = client.get(download_url(candidature, version), HTTP_RANGE=f"bytes={middle}-")
    assert body(open_ended) == VIDEO[middle:]


def test_a_range_past_the_end_is_refused_with_416(client, candidature, editor_member):
    version = deposit(candidature, editor_member, VIDEO, "demo.mp4")
    response = login(client, editor_member).get(
        download_url(candidature, version), HTTP_RANGE=f"bytes={len(VIDEO)}-"
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"


def test_a_range_for_another_version_of_the_file_gets_the_whole_file(
    client, candidature, editor_member
):
    version = deposit(candidature, editor_member, VIDEO, "demo.mp4")
    response = login(client, editor_member).get(
        download_url(candidature, version), HTTP_RANGE="bytes=10-19", HTTP_IF_RANGE='"ancienne"'
    )
    assert response.status_code == 200
    assert body(response) == VIDEO


def test_several_ranges_at_once_get_the_whole_file(client, candidature, editor_member):
    version = deposit(candidature, editor_member, VIDEO, "demo.mp4")
    response = login(client, editor_member).get(
        download_url(candidature, version), HTTP_RANGE="bytes=0-9,20-29"
    )
    assert response.status_code == 200
    assert body(response) == VIDEO


def test_another_editor_and_anonymous_never_reach_the_file(
    client, candidature, editor_member, other_editor_member
):
    version = deposit(candidature, editor_member, PDF, "doc.pdf")
    url = download_url(candidature, version)
    assert client.get(url).status_code == 302
    assert login(client, other_editor_member).get(url).status_code == 404


def test_a_version_of_another_candidature_is_not_found_through_this_one(
    client, candidature, editor_member, instructor
):
    other = accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)
    version = deposit(other, editor_member, PDF, "doc.pdf")
    response = login(client, editor_member).get(download_url(candidature, version))
    assert response.status_code == 404


def test_a_college_member_reads_only_dossiers_on_a_session_agenda(
    client, candidature, editor_member, college_member
):
    version = deposit(candidature, editor_member, PDF, "doc.pdf")
    client = login(client, college_member)
    assert client.get(download_url(candidature, version)).status_code == 404
    session = CollegeSession.objects.create(sits_at=timezone.make_aware(datetime(2027, 6, 1, 10)))
    AgendaItem.objects.create(session=session, candidature=candidature)
    assert read_whole(client.get(download_url(candidature, version))).status_code == 200


def test_every_read_by_the_agency_is_audited_once_per_read(
    client, candidature, editor_member, instructor
):
    version = deposit(candidature, editor_member, VIDEO, "demo.mp4")
    read_whole(login(client, editor_member).get(download_url(candidature, version)))
    assert not AuditEvent.objects.filter(action="file.read").exists()
    client = login(client, instructor)
    read_whole(client.get(download_url(candidature, version), HTTP_RANGE="bytes=0-"))
    read_whole(client.get(download_url(candidature, version), HTTP_RANGE="bytes=5000-"))
    reads = AuditEvent.objects.filter(action="file.read")
    assert [(e.actor_id, e.subject_id, e.new_values["how"]) for e in reads] == [
        (instructor.pk, str(version.pk), "téléchargement")
    ]
    assert reads.get().new_values["sha256"] == hashlib.sha256(VIDEO).hexdigest()


def test_a_dossier_document_downloads_with_its_name(client, candidature, editor_member):
    response = login(client, editor_member).get(
        reverse("evidence:document_download", args=[candidature.pk, "documentation"])
    )
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="documentation.pdf"'
    missing = client.get(
        reverse("evidence:document_download", args=[candidature.pk, "honour_attestation"])
    )
    assert missing.status_code == 404
