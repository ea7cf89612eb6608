"""Peak memory of the server while an editor's browser sends a 2 GB video in resumable
chunks (tus 1.0.0, the evidence page's upload), one chunk of which is cut mid-way.

Usage: python benchmarks/bench_resumable_upload.py [SIZE_MB] [PORT]   (default 2048 MB, 8766).
Prepares a temporary instance (database, catalogues, an accepted candidature on
MS2-DUI-PDE-Va1-SF, a signed-in session past the second factor), starts `referencement
serve` in a subprocess, creates the upload, sends 16 MB PATCH requests over loopback, drops
the connection in the middle of one of them, asks the offset (HEAD) and resumes, then posts
the deposit form naming the upload. Prints the time, the server's peak RSS (VmHWM from
/proc/<pid>/status) and checks the stored SHA-256. Target: under 150 MB.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's code, for the script and the server
from loopback_instance import (  # noqa: E402
    accepted_candidature,
    peak_rss_mb,
    signed_in_session,
    wait_for,
)

BLOCK = (b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 4096)[: 1024 * 1024]  # WebM-looking 1 MiB
CHUNK_BLOCKS = 16  # 16 blocks per PATCH, as the browser client's 16 MB chunks
CUT_AT = 5  # the PATCH whose connection drops half-way


def prepare(home: Path) -> tuple[int, dict[str, str]]:
    member, _, candidature = accepted_candidature(home, "navigateur@essai.example")
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    session = signed_in_session(member)
    csrf = _get_new_csrf_string()
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }
    return candidature.pk, headers


def request(port: int, method: str, path: str, headers: dict, body: bytes = b""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def patch(port: int, path: str, headers: dict, offset: int, blocks: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.putrequest("PATCH", path)
    for name, value in {
        **headers,
        "Tus-Resumable": "1.0.0",
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
        "Content-Length": str(blocks * len(BLOCK)),
    }.items():
        connection.putheader(name, value)
    connection.endheaders()
    for _ in range(blocks):
        connection.send(BLOCK)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 204:
        raise SystemExit(f"PATCH refusé : {response.status}")
    return int(response.getheader("Upload-Offset"))


def cut_patch(port: int, path: str, headers: dict, offset: int, blocks: int) -> None:
    """Half of a PATCH body, then the connection drops."""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        lines = [f"PATCH {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines += [
            "Tus-Resumable: 1.0.0",
            f"Upload-Offset: {offset}",
            "Content-Type: application/offset+octet-stream",
            f"Content-Length: {blocks * len(BLOCK)}",
        ]
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        for _ in range(blocks // 2):
            connection.sendall(BLOCK)


def upload(port: int, candidature_id: int, headers: dict, size_mb: int) -> tuple[str, float, int]:
    total = size_mb * len(BLOCK)
    created = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    created.request(
        "POST",
        f"/candidatures/{candidature_id}/preuves/televersements/",
        headers={
            **headers,
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(total),
            "Upload-Metadata": "filename ZGVtby53ZWJt",  # demo.webm
        },
    )
    response = created.getresponse()
    response.read()
    if response.status != 201:
        raise SystemExit(f"Création refusée : {response.status}")
    path = urlparse(response.getheader("Location")).path
    digest = hashlib.sha256()
    started = time.perf_counter()
    offset, sent, resumes = 0, 0, 0
    while offset < total:
        blocks = min(CHUNK_BLOCKS, (total - offset) // len(BLOCK))
        if sent == CUT_AT and not resumes:
            cut_patch(port, path, headers, offset, blocks)
            head = request(port, "HEAD", path, {**headers, "Tus-Resumable": "1.0.0"})
            offset = int(head.getheader("Upload-Offset"))
            resumes += 1
            continue
        offset = patch(port, path, headers, offset, blocks)
        sent += 1
    for _ in range(total // len(BLOCK)):
        digest.update(BLOCK)
    form = urlencode(
        {
            "item": "INS/va1.08",
            "televersement": path.rstrip("/").rsplit("/", 1)[1],
            "csrfmiddlewaretoken": headers["X-CSRFToken"],
        }
    ).encode()
    deposit = request(
        port,
        "POST",
        f"/candidatures/{candidature_id}/preuves/deposer/",
        {**headers, "Content-Type": "application/x-www-form-urlencoded"},
        form,
    )
    if deposit.status != 302:
        raise SystemExit(f"Dépôt refusé : {deposit.status}")
    return digest.hexdigest(), time.perf_counter() - started, resumes


def main() -> None:
    size_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8766
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        candidature_id, headers = prepare(home)
        env = {**os.environ, "REFERENCEMENT_HOME": str(home), "PYTHONPATH": str(REPO)}
        server = subprocess.Popen(
            [sys.executable, "-m", "referencement.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            before = peak_rss_mb(server.pid)
            sha256, elapsed, resumes = upload(port, candidature_id, headers, size_mb)
            peak = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        from referencement.evidence.models import EvidenceVersion

        stored = EvidenceVersion.objects.get().blob
        leftovers = list((home / "evidence" / "tmp").iterdir())
    assert stored.sha256 == sha256, "empreinte différente"
    print(
        f"envoi reprenable : {stored.size / 1e6:.0f} Mo en {elapsed:.1f} s "
        f"({resumes} coupure reprise), type {stored.content_type}, SHA-256 identique"
    )
    print(f"pic mémoire du serveur (VmHWM) : {before:.0f} Mo au démarrage, {peak:.0f} Mo après")
    print(f"fichiers temporaires restants : {len(leftovers)}")


if __name__ == "__main__":
    main()
