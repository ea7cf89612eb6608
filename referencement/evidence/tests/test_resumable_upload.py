"""Large evidence files sent in resumable chunks with the tus 1.0.0 protocol (issue 11 item
2): creation, offset, append, termination per the specification; who may upload checked
before any byte is written; the size limit of the sniffed type applies; a complete upload
is deposited with its SHA-256; an abandoned one leaves nothing after the sweep."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
from datetime import timedelta
from types import ModuleType

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from referencement import settings as settings_module
from referencement.candidatures.testing import PDF, accepted, load_catalogues
from referencement.evidence.expected import expected_items
from referencement.evidence.models import EvidenceVersion
from referencement.files.cleanup import sweep_storage
from referencement.files.storage import blob_store

pytestmark = pytest.mark.django_db

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
WEBM = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 40


@pytest.fixture
def candidature(editor_member, instructor):
    load_catalogues()
    return accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)


def creation_url(candidature) -> str:
    return reverse("evidence:evidence_uploads", args=(candidature.pk,))


def create(client, candidature, length: int, filename: str = "demo.webm"):
    name = base64.b64encode(filename.encode()).decode()
    return client.post(
        creation_url(candidature),
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=f"filename {name}",
        **TUS,
    )


def patch(client, url: str, offset: int, data: bytes):
    return client.generic(
        "PATCH",
        url,
        data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
    )


def temporary_files() -> list[str]:
    folder = blob_store().root / "tmp"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_file_sent_in_chunks_is_deposited_with_its_sha256(login_as, editor_member, candidature):
    client = login_as(editor_member)
    created = create(client, candidature, len(WEBM))
    assert created.status_code == 201 and created["Tus-Resumable"] == "1.0.0"
    url = created["Location"]
    first = patch(client, url, 0, WEBM[:5000])
    assert (first.status_code, first["Upload-Offset"]) == (204, "5000")
    head = client.head(url, **TUS)
    assert (head["Upload-Offset"], head["Upload-Length"]) == ("5000", str(len(WEBM)))
    assert "no-store" in head["Cache-Control"]
    assert patch(client, url, 5000, WEBM[5000:])["Upload-Offset"] == str(len(WEBM))
    item = expected_items(candidature)[0]
    client.post(
        reverse("evidence:evidence_deposit", args=(candidature.pk,)),
        {"item": item.code, "televersement": url.rstrip("/").rsplit("/", 1)[1]},
    )
    version = EvidenceVersion.objects.get()
    assert version.blob.sha256 == hashlib.sha256(WEBM).hexdigest()
    assert (version.filename, version.blob.content_type) == ("demo.webm", "video/webm")
    assert blob_store().path(version.blob.sha256).read_bytes() == WEBM
    assert temporary_files() == []


def test_an_append_at_the_wrong_offset_is_refused_and_tells_the_offset(
    login_as, editor_member, candidature
):
    client = login_as(editor_member)
    url = create(client, candidature, len(WEBM))["Location"]
    patch(client, url, 0, WEBM[:5000])
    response = patch(client, url, 4000, WEBM[4000:])
    assert (response.status_code, response["Upload-Offset"]) == (409, "5000")


def test_a_request_without_the_protocol_version_is_refused(login_as, editor_member, candidature):
    response = login_as(editor_member).post(creation_url(candidature), HTTP_UPLOAD_LENGTH="10")
    assert (response.status_code, response["Tus-Version"]) == (412, "1.0.0")


def test_options_announce_the_version_extensions_and_max_size(
    login_as, editor_member, candidature, settings
):
    response = login_as(editor_member).options(creation_url(candidature))
    assert response["Tus-Extension"] == "creation,termination"
    assert response["Tus-Max-Size"] == str(settings.EVIDENCE_MAX_VIDEO_BYTES)


def test_an_announced_length_over_the_largest_limit_is_refused_before_any_byte(
    login_as, editor_member, candidature, settings
):
    response = create(login_as(editor_member), candidature, settings.EVIDENCE_MAX_VIDEO_BYTES + 1)
    assert response.status_code == 413
    assert "taille maximale" in response.json()["detail"]
    assert temporary_files() == []


def test_a_file_over_the_limit_of_its_sniffed_type_is_refused_at_its_first_bytes(
    login_as, editor_member, candidature, settings
):
    settings.EVIDENCE_MAX_FILE_BYTES = 10_000
    client = login_as(editor_member)
    url = create(client, candidature, 50_000, "gros.pdf")["Location"]
    response = patch(client, url, 0, PDF + b"0" * 5000)
    assert response.status_code == 413
    assert "gros.pdf" in response.json()["detail"]
    assert temporary_files() == []


@pytest.mark.parametrize("who", ["other_editor_member", "instructor"])
def test_nobody_but_the_candidate_editor_creates_an_upload(
    request, client, login_as, who, candidature
):
    response = create(login_as(request.getfixturevalue(who)), candidature, len(WEBM))
    assert response.status_code in (403, 404)
    assert temporary_files() == []


def test_anonymous_requests_write_nothing(client, candidature):
    assert create(client, candidature, len(WEBM)).status_code == 403
    assert temporary_files() == []


def test_another_member_cannot_append_to_someone_elses_upload(
    login_as, editor_member, editor_admin, candidature
):
    url = create(login_as(editor_member), candidature, len(WEBM))["Location"]
    response = patch(login_as(editor_admin), url, 0, WEBM)
    assert response.status_code == 404
    assert (
        blob_store().root / "tmp" / f"upload-tus-{url.rstrip('/').rsplit('/', 1)[1]}"
    ).stat().st_size == 0


def test_an_incomplete_upload_cannot_be_deposited(login_as, editor_member, candidature):
    client = login_as(editor_member)
    url = create(client, candidature, len(WEBM))["Location"]
    patch(client, url, 0, WEBM[:5000])
    item = expected_items(candidature)[0]
    response = client.post(
        reverse("evidence:evidence_deposit", args=(candidature.pk,)),
        {"item": item.code, "televersement": url.rstrip("/").rsplit("/", 1)[1]},
        HTTP_HX_REQUEST="true",
    )
    assert "introuvable ou incomplet" in response.content.decode()
    assert not EvidenceVersion.objects.exists()


def test_a_cancelled_upload_is_deleted_at_once(login_as, editor_member, candidature):
    client = login_as(editor_member)
    url = create(client, candidature, len(WEBM))["Location"]
    patch(client, url, 0, WEBM[:5000])
    assert client.delete(url, **TUS).status_code == 204
    assert temporary_files() == []
    assert client.head(url, **TUS).status_code == 404


def test_an_abandoned_upload_leaves_nothing_after_the_sweep(
    login_as, editor_member, candidature, settings
):
    client = login_as(editor_member)
    url = create(client, candidature, len(WEBM))["Location"]
    patch(client, url, 0, WEBM[:5000])
    assert len(temporary_files()) == 2
    later = timezone.now() + timedelta(hours=settings.EVIDENCE_CLEANUP_GRACE_HOURS + 1)
    with time_machine.travel(later):
        report = sweep_storage()
    assert report.temp_files == 2
    assert temporary_files() == []


def settings_read_with(monkeypatch, **environment) -> ModuleType:
    """referencement/settings.py as read at start-up with these environment variables."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_read", settings_module.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_operator_sets_the_resumable_threshold_and_chunk_size_in_mb(monkeypatch):
    read = settings_read_with(
        monkeypatch,
        REFERENCEMENT_EVIDENCE_RESUMABLE_FROM_MB="20",
        REFERENCEMENT_EVIDENCE_RESUMABLE_CHUNK_MB="4",
    )
    assert read.EVIDENCE_RESUMABLE_FROM_BYTES == 20 * 1024 * 1024
    assert read.EVIDENCE_RESUMABLE_CHUNK_BYTES == 4 * 1024 * 1024


def test_a_chunk_size_of_zero_mb_stops_the_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="RESUMABLE_CHUNK_MB"):
        settings_read_with(monkeypatch, REFERENCEMENT_EVIDENCE_RESUMABLE_CHUNK_MB="0")


def test_the_deposit_forms_give_the_browser_the_threshold_and_chunk_size(
    login_as, editor_member, candidature, settings
):
    settings.EVIDENCE_RESUMABLE_FROM_BYTES = 5 * 1024 * 1024
    settings.EVIDENCE_RESUMABLE_CHUNK_BYTES = 1024 * 1024
    url = reverse("evidence:evidence", args=(candidature.pk,))
    html = login_as(editor_member).get(url).content.decode()
    assert 'data-resumable-from="5242880" data-chunk-size="1048576"' in html
