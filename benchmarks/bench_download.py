"""Peak memory of the server while an instructor previews a 2 GB video (seeking with byte
ranges) and then downloads it whole.

Usage: python benchmarks/bench_download.py [SIZE_MB] [PORT]   (default 2048 MB, port 8766).
Prepares a temporary instance (database, catalogues, an accepted candidature on
MS2-DUI-PDE-Va1-SF whose first item holds a sparse WebM-looking file of SIZE_MB, an
instructor's session past the second factor), starts `referencement serve` in a
subprocess, then over loopback: opens the preview page, asks for 1 MiB at 20 positions
(as a <video> seeking does), starts an open-ended range from the middle and drops it after
8 MiB (as a player does when the user seeks again), downloads the whole file checking its
SHA-256, and prints the server's peak RSS (VmHWM from /proc/<pid>/status). Target: under
150 MB.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from loopback_instance import accepted_candidature, peak_rss_mb, signed_in_session, wait_for

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's code, for the script and the server
HEAD = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 16  # WebM magic, then a sparse hole
MIB = 1024 * 1024


def sparse_video(folder: Path, size: int) -> tuple[Path, str]:
    """A file of `size` bytes that takes no disk space but its head, and its SHA-256."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "video.webm"
    with path.open("wb") as handle:
        handle.write(HEAD)
        handle.truncate(size)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(8 * MIB):
            digest.update(chunk)
    return path, digest.hexdigest()


def prepare(home: Path, size: int) -> tuple[str, str, str, str]:
    """The instance; returns (session cookie, preview path, download path, SHA-256)."""
    member, instructor, candidature = accepted_candidature(home, "editeur@essai.example")
    from django.conf import settings
    from django.urls import reverse

    from referencement.evidence.actions import deposit
    from referencement.evidence.expected import expected_items
    from referencement.lib.blobstore import PendingBlob

    path, sha256 = sparse_video(Path(settings.EVIDENCE_ROOT) / "tmp", size)
    pending = PendingBlob(sha256, size, "video/webm", HEAD, temp_path=path)
    code = expected_items(candidature)[0].code
    version = deposit(candidature, code, actor=member, pending=pending, filename="demo.webm")
    cookie = f"{settings.SESSION_COOKIE_NAME}={signed_in_session(instructor)}"
    args = [candidature.pk, version.pk]
    return (
        cookie,
        reverse("candidatures:evidence_view", args=args),
        reverse("candidatures:evidence_download", args=args),
        sha256,
    )


def get(port: int, path: str, cookie: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", path, headers={"Cookie": cookie, **(headers or {})})
    return connection, connection.getresponse()


def main() -> None:
    size = (int(sys.argv[1]) if len(sys.argv) > 1 else 2048) * MIB
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8766
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        cookie, view, download, sha256 = prepare(home, size)
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
            connection, page = get(port, view, cookie)
            assert page.status == 200 and b"<video" in page.read(), page.status
            connection.close()
            seeks = []
            for position in range(20):
                start = position * (size - MIB) // 19
                started = time.perf_counter()
                connection, part = get(
                    port, download, cookie, {"Range": f"bytes={start}-{start + MIB - 1}"}
                )
                body = part.read()
                seeks.append(time.perf_counter() - started)
                connection.close()
                assert part.status == 206 and len(body) == MIB, (part.status, len(body))
            connection, dropped = get(port, download, cookie, {"Range": f"bytes={size // 2}-"})
            assert dropped.status == 206
            dropped.read(8 * MIB)
            connection.close()  # the player seeks elsewhere: the stream is abandoned
            after_seeks = peak_rss_mb(server.pid)
            started = time.perf_counter()
            connection, whole = get(port, download, cookie)
            digest, received = hashlib.sha256(), 0
            while chunk := whole.read(MIB):
                digest.update(chunk)
                received += len(chunk)
            elapsed = time.perf_counter() - started
            connection.close()
            peak = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert whole.status == 200 and received == size, (whole.status, received)
    assert digest.hexdigest() == sha256, "empreinte différente"
    print(
        f"20 lectures de 1 Mio (206) : médiane {statistics.median(seeks) * 1000:.1f} ms, "
        f"max {max(seeks) * 1000:.1f} ms"
    )
    print(f"téléchargement complet : {received / MIB:.0f} Mio en {elapsed:.1f} s (SHA-256 vérifié)")
    print(
        f"pic mémoire du serveur (VmHWM) : {before:.0f} Mo au démarrage, {after_seeks:.0f} Mo "
        f"après l'aperçu, {peak:.0f} Mo après le téléchargement"
    )


if __name__ == "__main__":
    main()
