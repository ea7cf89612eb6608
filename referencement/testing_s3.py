"""A real S3-compatible server for the tests (issue 15 item 7): moto's server, from PyPI, in
its own process on a loopback port, once per test session. Registered as a pytest plugin by
the root conftest.py.

The socket is bound and listening before the server process starts (it inherits it), so a
client may connect at once: no waiting for the server to come up.

Fixtures: ``s3_endpoint`` (the server's URL) and ``s3_storage`` (a fresh bucket, with the
settings switched to REFERENCEMENT_STORAGE=s3 for one test).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid

import pytest

ACCESS_KEY = "cle-de-test"
SECRET_KEY = "secret-de-test"
REGION = "us-east-1"


def _serve(fd: int) -> None:
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler, fd=fd
    )
    server.serve_forever()


@pytest.fixture(scope="session")
def s3_endpoint():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "referencement.testing_s3", str(listener.fileno())],
        pass_fds=[listener.fileno()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    listener.close()
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """The platform on S3 for one test, in a bucket of its own; yields the blob store."""
    from referencement.files.storage import blob_store
    from referencement.lib.s3blobstore import s3_client

    bucket = f"referencement-{uuid.uuid4().hex[:12]}"
    s3_client(
        endpoint_url=s3_endpoint,
        access_key_id=ACCESS_KEY,
        secret_access_key=SECRET_KEY,
        region=REGION,
    ).create_bucket(Bucket=bucket)
    settings.REFERENCEMENT_STORAGE = "s3"
    settings.REFERENCEMENT_S3_ENDPOINT_URL = s3_endpoint
    settings.REFERENCEMENT_S3_BUCKET = bucket
    settings.REFERENCEMENT_S3_ACCESS_KEY_ID = ACCESS_KEY
    settings.REFERENCEMENT_S3_SECRET_ACCESS_KEY = SECRET_KEY
    settings.REFERENCEMENT_S3_REGION = REGION
    return blob_store()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
