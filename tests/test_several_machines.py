"""Issue 15 item 8: several machines (docs/deployment.md). Two gunicorn web processes and two
workers on loopback share one PostgreSQL database and one S3-compatible bucket; a candidature goes
from deposit to attestation across them (deposit on web 1, automatic check in worker A,
verdicts on web 2, attestation PDF rendered by worker B), then every file and edition is
downloaded from both web processes.

The dispositif is MDV-LGC-Va1-SF, a referencing without funding open all year (002 §4.1):
the other processes run at today's date, which no test can move, and no calendar closes it.
The procedure is the platform's: deposit and instruction of the evidence (001 §4.4),
convention signed by both parties, collège decision and attestation (001 §4.5, with the
outcomes of 004 §4.5 that the « sans financement » catalogues take), registry editions
(issue 15 items 1–2)."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlencode

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import UserFactory, login
from referencement.accounts.choices import Role
from referencement.accounts.testing import issue_api_token
from referencement.candidatures.choices import CandidatureStatus as S
from referencement.catalog.actions import load_catalogue
from referencement.catalog.catalogue_files import CATALOGUE_DIR, read_catalogue
from referencement.catalog.choices import CollegeOutcome
from referencement.catalog.models import Dispositif
from referencement.college.actions import add_to_agenda, sign_convention
from referencement.college.models import CollegeSession
from referencement.college.testing import countersign, decide, seat
from referencement.evidence.choices import ConformityStatus
from referencement.evidence.models import EvidenceVersion
from referencement.evidence.tasks import check_conformity
from referencement.instruction.tests.fixtures import latest_versions, make_candidature, totp_token
from referencement.registry.models import Attestation, Edition
from referencement.registry.tasks import render_attestation_pdf

ROOT = Path(__file__).resolve().parents[1]
CODE = "MDV-LGC-Va1-SF"
TEST_SECRET_KEY = "cle-de-test-plusieurs-machines-" + "x" * 40
# Every wait below is bounded: a process that does not answer fails the test, never hangs it.
DEADLINE_SECONDS = 45
POLL_SECONDS = 0.1
HL7_MESSAGE = (
    b"MSH|^~\\&|LOGICIEL|ETAB|DEST|ETAB|20261128120000||ADT^A01^ADT_A01|MSG0001|P|2.5\r"
    b"EVN|A01|20261128120000\r"
    b"PID|1||123456^^^ETAB^PI||DUPONT^JEAN||19700101|M\r"
    b"PV1|1|I\r"
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="Several processes share one database only on PostgreSQL (the production "
        "topology of docs/deployment.md); pytest-django's SQLite test database lives in "
        "the test process's memory.",
    ),
]

T = TypeVar("T")


@pytest.fixture
def shared_storage_env(settings, tmp_path, s3_storage) -> dict[str, str]:
    """The one place that says where every process keeps its files: one S3-compatible
    bucket (moto's server on loopback, `referencement/testing_s3.py`) for every process,
    the test process included (`s3_storage` switched its settings). REFERENCEMENT_HOME
    stays shared for the audit anchors (an append-only file) and the upload spool."""
    return {
        "REFERENCEMENT_HOME": str(tmp_path),
        "REFERENCEMENT_STORAGE": "s3",
        "REFERENCEMENT_S3_ENDPOINT_URL": settings.REFERENCEMENT_S3_ENDPOINT_URL,
        "REFERENCEMENT_S3_BUCKET": settings.REFERENCEMENT_S3_BUCKET,
        "REFERENCEMENT_S3_ACCESS_KEY_ID": settings.REFERENCEMENT_S3_ACCESS_KEY_ID,
        "REFERENCEMENT_S3_SECRET_ACCESS_KEY": settings.REFERENCEMENT_S3_SECRET_ACCESS_KEY,
        "REFERENCEMENT_S3_REGION": settings.REFERENCEMENT_S3_REGION,
    }


def database_url() -> str:
    """The test database pytest-django created, for the other processes."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}{port}/{db['NAME']}"


@pytest.fixture
def platform_env(settings, tmp_path, shared_storage_env, smtp_server) -> dict[str, str]:
    """Production settings, as on the machines of docs/deployment.md: what every process
    must share is the database, the storage, the secret key (sessions signed by one web
    process are read by the other) and the audit signing key. The static files are not
    collected (minutes on a loaded 2-core machine): the walk below asks for no HTML page,
    only form posts answered by redirects, files and the API."""
    settings.SECRET_KEY = TEST_SECRET_KEY
    key = tmp_path / "audit_key.pem"  # made once, then shared like a mounted secret
    key.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings.AUDIT_KEY_PATH = str(key)
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("REFERENCEMENT_", "DATABASE_URL"))
    }
    env.update(
        DATABASE_URL=database_url(),
        REFERENCEMENT_ENV="production",
        REFERENCEMENT_SECRET_KEY=TEST_SECRET_KEY,
        REFERENCEMENT_ALLOWED_HOSTS="127.0.0.1",
        # Loopback without the TLS-terminating proxy: no redirect to https.
        REFERENCEMENT_SSL_REDIRECT="false",
        REFERENCEMENT_AUDIT_KEY=str(key),
        REFERENCEMENT_AUDIT_ANCHORS=str(settings.AUDIT_ANCHORS_PATH),
        REFERENCEMENT_SITE_URL="http://127.0.0.1",
        REFERENCEMENT_EMAIL_HOST=settings.EMAIL_HOST,
        REFERENCEMENT_EMAIL_PORT=str(settings.EMAIL_PORT),
        **shared_storage_env,
    )
    return env


class Process:
    """A child process whose standard error is read line by line: the test blocks until a
    readiness line appears, and the lines stay at hand to explain a failure."""

    def __init__(self, command: list[str], env: dict[str, str], ready: str) -> None:
        self.popen = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(ready,), daemon=True)
        self._reader.start()
        if not self._ready.wait(DEADLINE_SECONDS):
            self.stop()
            pytest.fail(f"{command} n'a pas démarré :\n{self.output()}")

    def _read(self, ready: str) -> None:
        for line in self.popen.stderr:
            self.lines.append(line)
            if ready in line:
                self._ready.set()
        self._ready.set()  # exited: the caller sees it in the output

    def output(self) -> str:
        return "".join(self.lines[-40:])

    def stop(self) -> None:
        """Ends the process, then its standard error once read to its end."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            self.popen.wait(timeout=DEADLINE_SECONDS)
        self._reader.join(timeout=DEADLINE_SECONDS)
        self.popen.stderr.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Web:
    """One gunicorn web process, as `gunicorn -c python:referencement.gunicorn_conf`."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = Process(
            [sys.executable, "-m", "gunicorn", "-c", "python:referencement.gunicorn_conf"],
            {
                **env,
                "REFERENCEMENT_BIND": f"127.0.0.1:{self.port}",
                "REFERENCEMENT_WEB_WORKERS": "1",
                "REFERENCEMENT_WEB_THREADS": "2",
            },
            ready="Booting worker",
        )

    def request(
        self, method: str, path: str, *, body: bytes = b"", headers: dict | None = None
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=DEADLINE_SECONDS)
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        content = response.read()
        conn.close()
        return response.status, content

    def get(self, path: str, session: Session | None = None) -> bytes:
        status, content = self.request("GET", path, headers=session.headers if session else {})
        assert status == 200, (path, status, content[:500], self.process.output())
        return content

    def post_form(self, path: str, data: dict, session: Session) -> None:
        status, content = self.request(
            "POST",
            path,
            body=urlencode(data, doseq=True).encode(),
            headers={
                **session.headers,
                "X-CSRFToken": session.csrf,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert status == 302, (path, status, content[:500], self.process.output())


class Session:
    """A session opened past the second factor, as the login page leaves it in the
    database: any web process that shares the database and the secret key reads it."""

    def __init__(self, user) -> None:
        client = login(Client(), user)
        self.csrf = secrets.token_hex(16)
        cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={self.csrf}"
        self.headers = {"Cookie": cookie}


def worker(env: dict[str, str], worker_id: str) -> Process:
    return Process(
        [
            sys.executable,
            "-m",
            "referencement.cli",
            "worker",
            "--worker-id",
            worker_id,
            "--interval",
            "0.2",
        ],
        env,
        ready=f"Worker {worker_id} démarré",
    )


def wait_until(condition: Callable[[], T | None], what: str, *processes: Process) -> T:
    """A condition the other processes make true in the shared database, read again at a
    short interval until a deadline (the database cannot be waited on in a blocking read)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not (result := condition()):
        if time.monotonic() > deadline:
            logs = "\n".join(process.output() for process in processes)
            pytest.fail(f"Délai dépassé : {what}\n{logs}")
        time.sleep(POLL_SECONDS)
    return result


def done_by(task, **args) -> list[str] | None:
    """The workers that ran `task` to success with these arguments, once it has."""
    for result in DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.SUCCESSFUL
    ):
        if result.args_kwargs["args"] == list(args.values()):
            return result.worker_ids
    return None


def multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def webs(platform_env) -> Iterator[tuple[Web, Web]]:
    started = [Web(platform_env), Web(platform_env)]
    yield started[0], started[1]
    for web in started:
        web.process.stop()


def test_a_candidature_goes_from_deposit_to_attestation_across_two_webs_and_two_workers(
    platform_env, webs, smtp_server, editor
):
    web1, web2 = webs
    load_catalogue(read_catalogue(CATALOGUE_DIR / f"{CODE}.yaml"))
    dispositif = Dispositif.objects.get(code=CODE)
    representative = UserFactory(role=Role.EDITOR_ADMIN, editor=editor)
    editor.legal_representative_user = representative
    editor.save()
    instructor = UserFactory(role=Role.INSTRUCTOR)
    admin = UserFactory(role=Role.AGENCY_ADMIN)
    members = (UserFactory(role=Role.COLLEGE_MEMBER), UserFactory(role=Role.COLLEGE_MEMBER))
    candidature = make_candidature(dispositif, editor=editor, created_by=representative)
    item = latest_versions(candidature)[0].evidence.spec.code
    _, token = issue_api_token(representative)

    # 001 §4.4: a new version of an item, deposited through the API of web 1; its automatic
    # check runs in worker A (the only worker running yet).
    worker_a = worker(platform_env, "worker-a")
    body, content_type = multipart({"item": item}, "admission.hl7", HL7_MESSAGE)
    status, answer = web1.request(
        "POST",
        f"/api/v1/candidatures/{candidature.pk}/evidence",
        body=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    assert status == 201, (answer, web1.process.output())
    deposited = EvidenceVersion.objects.get(
        evidence__candidature=candidature, filename="admission.hl7"
    )
    assert wait_until(
        lambda: done_by(check_conformity, version_id=deposited.pk), "contrôle", worker_a
    ) == ["worker-a"]
    deposited.refresh_from_db()
    assert deposited.conformity_status != ConformityStatus.PENDING
    worker_a.stop()

    # Worker B from now on: whatever is queued next can only be its work.
    worker_b = worker(platform_env, "worker-b")
    try:
        # 001 §4.4: the instruction on web 2, with the session opened on the other machine.
        staff = Session(instructor)
        web2.post_form(f"/instruction/{candidature.pk}/commencer/", {}, staff)
        for version in latest_versions(candidature):
            web2.post_form(
                f"/instruction/{candidature.pk}/versions/{version.pk}/avis/",
                {"value": "conforme"},
                staff,
            )
        web2.post_form(
            f"/instruction/{candidature.pk}/terminer/", {"proposal": "Attribution proposée."}, staff
        )
        candidature.refresh_from_db()
        assert candidature.status == S.INSTRUCTED

        # 001 §4.5: the convention signed by both parties, a sitting today, two signatures.
        sign_convention(
            candidature.convention, actor=representative, otp_token=totp_token(representative)
        )
        countersign(candidature, admin)
        session = CollegeSession.objects.create(sits_at=timezone.now())
        add_to_agenda(session, candidature, actor=admin)
        seat(session, *members)
        decide(
            session,
            candidature,
            CollegeOutcome.SANS_RESERVE,
            by=members[0],
            confirmed_by=members[1],
        )
        attestation = Attestation.objects.get(candidature=candidature)
        assert wait_until(
            lambda: done_by(render_attestation_pdf, attestation_id=attestation.pk),
            "attestation PDF",
            worker_b,
        ) == ["worker-b"]
        wait_until(
            lambda: (
                not DBTaskResult.objects.exclude(
                    status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
                ).exists()
            ),
            "file de tâches vide",
            worker_b,
        )
    finally:
        worker_b.stop()

    # Every task ran, each in one of the two workers.
    ran = DBTaskResult.objects.all()
    assert all(task.status == TaskResultStatus.SUCCESSFUL for task in ran), [
        (task.task_path, task.status) for task in ran
    ]
    assert {w for task in ran for w in task.worker_ids} == {"worker-a", "worker-b"}
    # The editor heard of the attribution by e-mail, through the SMTP server of the platform.
    assert any(attestation.number in text for text in smtp_server.texts())

    attestation.refresh_from_db()
    edition = Edition.objects.latest("number")
    assert edition.referenced_count == 1
    owner = Session(representative)
    files = {
        f"/candidatures/{candidature.pk}/preuves/versions/{deposited.pk}/telecharger/": (
            deposited.blob.sha256
        ),
        f"/registre/attestations/{attestation.number}/pdf/": attestation.sha256,
        f"/mes-candidatures/{candidature.pk}/convention.pdf": None,
        "/api/v1/registry.csv": None,
        # Every edition the workers published, each as published.
        **{f"/api/v1/registry/editions/{e.number}": e.sha256 for e in Edition.objects.all()},
    }
    for path, sha256 in files.items():
        one, two = web1.get(path, owner), web2.get(path, owner)
        assert one == two, path
        if sha256:
            assert hashlib.sha256(one).hexdigest() == sha256, path
    assert attestation.number.encode() in web1.get("/api/v1/registry.csv")
    cited = [json.loads(web.get("/api/v1/registry"))["edition"] for web in webs]
    assert cited[0] == cited[1]
    assert (cited[0]["number"], cited[0]["sha256"]) == (edition.number, edition.sha256)
