"""Property-based fuzzing of every endpoint of the OpenAPI schema with schemathesis, run as
its own process against the live server on loopback: no 5xx, and every response (status,
content type, body) conforms to the schema. An editor's API token is sent, so the
authenticated endpoints are exercised too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from referencement.accounts.testing import issue_api_token

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)


def test_api_never_answers_5xx_and_follows_its_schema(
    live_server, live_server_requests_finished, catalogues, editor_admin, tmp_path
):
    _, token = issue_api_token(editor_admin, name="fuzzing")
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "30",
            "--seed",
            "20261122",
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--no-color",
            "--generation-database",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
