"""Issue 16 item 2 under the documented gunicorn configuration (referencement/gunicorn_conf.py)
and reverse proxy (docs/deployment.md): /healthz answers a big announced body with 413
before the body is sent, a streamed body is never drained, and the proxy's upload location
covers exactly the upload URLs."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import free_port
from referencement.evidence.upload_gate import UPLOAD_VIEWS
from tests.test_embedded_server_bodies import MB, read_response, send_headers, stream

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    home = tmp_path_factory.mktemp("gunicorn-home")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REFERENCEMENT_", "DATABASE_URL"))
    }
    env.update(
        REFERENCEMENT_HOME=str(home),
        REFERENCEMENT_BIND=f"127.0.0.1:{port}",
        REFERENCEMENT_WEB_WORKERS="1",
        REFERENCEMENT_WEB_THREADS="2",
    )
    with subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:referencement.gunicorn_conf"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        for line in process.stderr:  # readiness: the worker has booted (no sleeping)
            if "Booting worker" in line:
                break
        yield port
        process.terminate()
        process.wait(timeout=30)


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def test_healthz_refuses_a_big_announced_body_before_it_is_sent(gunicorn):
    sock = connect(gunicorn)
    send_headers(sock, "POST", "/healthz", {"Content-Length": str(600 * MB)})
    status, body = read_response(sock)
    assert status == 413
    assert "au plus 5 Mo" in body
    assert stream(sock, 600 * MB) < 100 * MB
    sock.close()


def test_a_streamed_body_is_never_drained(gunicorn):
    sock = connect(gunicorn)
    send_headers(sock, "POST", "/healthz", {"Transfer-Encoding": "chunked"})
    assert stream(sock, 600 * MB, chunked=True) < 100 * MB
    sock.close()


def test_the_proxy_upload_location_covers_exactly_the_upload_urls(db):
    text = (ROOT / "docs" / "deployment.md").read_text()
    pattern = re.compile(re.search(r"location ~ (\S+) \{", text).group(1))
    examples = {
        "evidence:evidence_deposit": reverse("evidence:evidence_deposit", args=(7,)),
        "api:candidature_evidence_deposit": "/api/v1/candidatures/7/evidence",
        "evidence:evidence_upload": reverse(
            "evidence:evidence_upload", args=(7, "0b7e3f4e-8d5b-4a55-9a0c-2f1d8f0c1a2b")
        ),
        "candidatures:dossier_documents": reverse("candidatures:dossier_documents", args=(7,)),
        "candidatures:solicitation_answer": reverse(
            "candidatures:solicitation_answer", args=(7, 3)
        ),
        "candidatures:thread_message": reverse("candidatures:thread_message", args=(7,)),
        "instruction:answer": reverse("instruction:answer", args=(7, 3)),
        "college:reserve_correction": reverse("college:reserve_correction", args=(7, 3)),
        "api:candidature_document_upload": "/api/v1/candidatures/7/documents",
        "api:conformity_validate": "/api/v1/conformity/validate",
        "catalog:rem_upload": reverse("catalog:rem_upload"),
        "accounts:representative_request": reverse("accounts:representative_request", args=(7,)),
    }
    assert set(examples) == set(UPLOAD_VIEWS)
    for name, path in examples.items():
        assert pattern.match(path), name
    for other in ["/healthz", "/connexion/", "/api/v1/candidatures", "/candidatures/7/preuves/"]:
        assert not pattern.match(other), other
