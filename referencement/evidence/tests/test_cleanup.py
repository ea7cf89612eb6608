"""An upload interrupted mid-way leaves no evidence row and, after the cleanup sweep, no
orphan file; files named by a Blob row are never removed (DESIGN §6)."""

from __future__ import annotations

import socket
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.utils import timezone

from referencement.accounts.testing import issue_api_token
from referencement.candidatures import testing
from referencement.evidence.models import EvidenceVersion
from referencement.files.cleanup import sweep_storage
from referencement.files.models import Blob
from referencement.files.storage import blob_store, store_blob

pytestmark = pytest.mark.django_db(transaction=True)

BOUNDARY = "coupure"


def send_half_an_upload(url: str, path: str, token: str, item: str) -> None:
    """Headers announce 5 MB, 1 MB of file is sent, then the connection drops."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="item"\r\n\r\n{item}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="video.webm"\r\n'
        "Content-Type: video/webm\r\n\r\n"
    ).encode()
    body = head + b"\x1a\x45\xdf\xa3" + b"\0" * (1024 * 1024)
    host = urlparse(url)
    with socket.create_connection((host.hostname, host.port), timeout=10) as connection:
        connection.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {host.netloc}\r\n"
                f"Authorization: Bearer {token}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                f"Content-Length: {5 * 1024 * 1024}\r\n\r\n"
            ).encode()
            + body
        )
        connection.shutdown(socket.SHUT_WR)
        connection.settimeout(30)
        try:
            while connection.recv(65536):
                pass
        except OSError:
            pass


def stored_files() -> list[str]:
    root = blob_store().root
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_interrupted_upload_leaves_no_row_and_no_file_after_the_sweep(
    live_server, live_server_requests_finished, catalogues, editor_admin, instructor
):
    from referencement.evidence.expected import expected_items

    candidature = testing.accepted("MS2-DUI-PDE-Va1-SF", editor_admin, instructor)
    _, token = issue_api_token(editor_admin, name="ci")
    item = expected_items(candidature)[0].code
    blobs_before = set(Blob.objects.values_list("sha256", flat=True))
    send_half_an_upload(
        live_server.url, f"/api/v1/candidatures/{candidature.pk}/evidence", token, item
    )
    assert not EvidenceVersion.objects.filter(evidence__candidature=candidature).exists()
    assert set(Blob.objects.values_list("sha256", flat=True)) == blobs_before
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        sweep_storage()
    assert [f for f in stored_files() if f.startswith("tmp/")] == []
    assert {f.rsplit("/", 1)[-1] for f in stored_files()} == blobs_before


def test_sweep_removes_only_unreferenced_old_files(settings):
    kept = store_blob(testing.pending(b"%PDF-1.4 preuve conservee"))
    orphan = testing.pending(b"%PDF-1.4 fichier sans ligne")
    blob_store().commit(orphan)
    with blob_store().writer(1024) as unfinished:
        unfinished.write(b"debut d'un envoi")
        assert sweep_storage().orphan_blobs == 0  # too recent: maybe still being recorded
        with time_machine.travel(
            timezone.now() + timedelta(hours=settings.EVIDENCE_CLEANUP_GRACE_HOURS + 1)
        ):
            report = sweep_storage()
    assert (report.temp_files, report.orphan_blobs) == (1, 1)
    assert blob_store().exists(kept.sha256)
    assert not blob_store().exists(orphan.sha256)
