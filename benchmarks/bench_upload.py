"""Peak memory of the server while an editor's CI uploads a 1 GB evidence file.

Usage: python benchmarks/bench_upload.py [SIZE_MB] [PORT]   (default 1000 MB, port 8765).
Prepares a temporary instance (database, catalogues, an accepted candidature on
MS2-DUI-PDE-Va1-SF, an API token), starts `referencement serve` in a subprocess, streams a
generated multipart body over loopback to POST /api/v1/candidatures/{id}/evidence, then
prints the server's peak RSS (VmHWM from /proc/<pid>/status). Target: under 150 MB.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's code, for the script and the server
from loopback_instance import accepted_candidature, peak_rss_mb, wait_for  # noqa: E402

CHUNK = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 4096  # a WebM-looking ~1 MiB chunk


def prepare(home: Path) -> tuple[int, str]:
    member, _, candidature = accepted_candidature(home, "ci@essai.example")
    from referencement.accounts.testing import issue_api_token

    _, token = issue_api_token(member, name="banc d'essai")
    return candidature.pk, token


def upload(port: int, candidature_id: int, token: str, size_mb: int) -> tuple[dict, str, float]:
    boundary = "----bench-upload-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="item"\r\n\r\nINS/va1.08\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="demo.webm"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    chunks = size_mb * 1024 * 1024 // len(CHUNK)
    length = len(head) + chunks * len(CHUNK) + len(tail)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.putrequest("POST", f"/api/v1/candidatures/{candidature_id}/evidence")
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(length))
    connection.endheaders()
    digest = hashlib.sha256()
    started = time.perf_counter()
    connection.send(head)
    for _ in range(chunks):
        connection.send(CHUNK)
        digest.update(CHUNK)
    connection.send(tail)
    response = connection.getresponse()
    body = json.loads(response.read() or b"{}")
    elapsed = time.perf_counter() - started
    if response.status != 201:
        raise SystemExit(f"Échec {response.status} : {body}")
    return body, digest.hexdigest(), elapsed


def main() -> None:
    size_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8765
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        candidature_id, token = prepare(home)
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
            body, sha256, elapsed = upload(port, candidature_id, token, size_mb)
            peak = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert body["sha256"] == sha256, "empreinte différente"
    print(f"upload: {body['size'] / 1e6:.0f} Mo en {elapsed:.1f} s, type {body['content_type']}")
    print(f"pic mémoire du serveur (VmHWM) : {before:.0f} Mo au démarrage, {peak:.0f} Mo après")


if __name__ == "__main__":
    main()
