"""Shared test fixtures: the actors of DESIGN §1, built once per test with factory-boy,
and a client login that passes the two-step verification."""

from __future__ import annotations

import logging
import os
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

import factory
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from referencement.accounts.choices import Role
from referencement.accounts.models import Editor, User
from referencement.core.demo.people import fictional_siret

# The S3-compatible server of the object-storage tests (issue 15 item 7).
pytest_plugins = ["referencement.testing_s3"]

TEST_PASSWORD = "Un-mot-de-passe-de-test-2026"
SHARED = Path(
    os.environ.get("REFERENCEMENT_SHARED", Path(__file__).resolve().parent.parent / "shared")
)


class EditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Editor

    name = factory.Sequence(lambda n: f"Éditeur fictif {n}")
    siret = factory.Sequence(lambda n: fictional_siret(n + 100))
    legal_form = "SAS"
    head_office = "1 rue de l'Exemple, 75000 Paris"
    legal_representative = "Camille Exemple"
    legal_representative_email = factory.Sequence(lambda n: f"representant{n}@editeur.example")
    contact_name = "Dominique Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@editeur.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    role = Role.INSTRUCTOR
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


# The files that take longest, longest first (issue 17 item 6). `./scripts/test` hands whole
# files to its two processes in collection order (`--dist loadfile --no-loadscope-reorder`):
# a long file handed out last would run alone at the end while the other process idles.
# The browser tests come before the rest, which are mostly short files that even out the end.
LONG_FILES_FIRST = (
    "referencement/core/tests/test_demo.py",
    "tests/test_api_fuzzing.py",
    "tests/e2e/test_deposit_grid.py",
    "tests/e2e/test_full_journey.py",
    "referencement/core/tests/test_worker.py",
    "tests/test_several_machines.py",
    "tests/e2e/",
    "tests/test_authorization_matrix.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        path = item.nodeid.split("::")[0]
        prefixes = enumerate(LONG_FILES_FIRST)
        return next((i for i, prefix in prefixes if path.startswith(prefix)), len(LONG_FILES_FIRST))

    # Stable: within a rank, the order pytest-django gave (transactional tests last).
    items.sort(key=rank)


def pytest_configure(config):
    # Hashing a password the production way costs ~0.4 s on this machine and the suite
    # creates thousands of users: tests use Django's fast test hasher (never in production).
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The live server writes a response's headers and body in two sends; with Nagle's
    # algorithm on, the body waits for the client's delayed ACK (40 ms on Linux) on every
    # keep-alive request. The platform's own server (waitress) sets TCP_NODELAY already.
    from django.test.testcases import QuietWSGIRequestHandler

    QuietWSGIRequestHandler.disable_nagle_algorithm = True
    # The test SMTP server (aiosmtpd) logs each connection lost from its own thread, which
    # may run after pytest closed the captured stream (« Logging error » on the output).
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    # A test that commits (live server, threads) empties every table after it. PostgreSQL's
    # TRUNCATE of the ~80 tables costs about a second (a new file per table and index)
    # where a DELETE of their few rows costs milliseconds: about 100 such tests, some
    # 100 s of the PostgreSQL suite's test processes. The foreign keys are checked at the
    # commit, so the order of the DELETEs does not matter.
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def delete_rows(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = [f"DELETE FROM {ops.quote_name(table)}" for table in tables]
        return ["SET CONSTRAINTS ALL DEFERRED", *deletes]

    DatabaseOperations.sql_flush = delete_rows


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    # Anchors describe one database: each test's database gets its own anchors file.
    settings.AUDIT_ANCHORS_PATH = tmp_path / "audit" / "anchors.jsonl"
    # and its own signing key: test processes running side by side never race to create one
    # key in the shared data directory.
    settings.AUDIT_KEY_PATH = str(tmp_path / "audit" / "audit_key.pem")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {"legacy_location": str(tmp_path / "files")},
        },
    }


@pytest.fixture
def live_server_requests_finished():
    """At the end of the test, waits for the live server's request threads the test started.
    Each closes its database connection once its client hangs up; the in-memory SQLite test
    database's connection is shared with those threads only while the session's live server
    runs, so a thread that outlives it (an idle keep-alive connection, hung up when the client
    quits at the end of the session) raises in its thread. Waiting here also keeps the
    requests off the database the test's teardown empties.

    Meanwhile a request thread keeps its database connection from one request to the next
    of its client, as production does (CONN_MAX_AGE): the live server closes it when the
    client hangs up. A new PostgreSQL connection per request cost the API fuzzing test a
    third of its time (38 s → 25 s)."""
    from django.db import connection

    settings_dict = connection.settings_dict  # shared by every thread's connection
    max_age = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 60
    before = set(threading.enumerate())
    try:
        yield
        for thread in set(threading.enumerate()) - before:
            if thread.name.endswith("(process_request_thread)"):
                thread.join(timeout=60)
    finally:
        settings_dict["CONN_MAX_AGE"] = max_age


@pytest.fixture
def editor(db) -> Editor:
    return EditorFactory(siret=fictional_siret(1))


@pytest.fixture
def other_editor(db) -> Editor:
    return EditorFactory(siret=fictional_siret(2))


@pytest.fixture
def editor_admin(editor) -> User:
    return UserFactory(role=Role.EDITOR_ADMIN, editor=editor)


@pytest.fixture
def representative(editor, editor_admin) -> User:
    """The editor admin the agency validated as legal representative (issue 16 item 6)."""
    editor.legal_representative_user = editor_admin
    editor.save()
    return editor_admin


@pytest.fixture
def editor_member(editor) -> User:
    return UserFactory(role=Role.EDITOR_MEMBER, editor=editor)


@pytest.fixture
def other_editor_admin(other_editor) -> User:
    return UserFactory(role=Role.EDITOR_ADMIN, editor=other_editor)


@pytest.fixture
def other_editor_member(other_editor) -> User:
    return UserFactory(role=Role.EDITOR_MEMBER, editor=other_editor)


@pytest.fixture
def instructor(db) -> User:
    return UserFactory(role=Role.INSTRUCTOR)


@pytest.fixture
def college_member(db) -> User:
    return UserFactory(role=Role.COLLEGE_MEMBER)


@pytest.fixture
def agency_admin(db) -> User:
    return UserFactory(role=Role.AGENCY_ADMIN)


def free_port() -> int:
    """A loopback port free now, for a server a test starts (never a fixed port: test
    processes run side by side)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(server):
    """A waitress server running in a thread for the block. It is stopped from its own loop
    (closed from another thread, its listening socket would vanish under the loop's select),
    the loop ends once every connection is closed, then its request threads are joined."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.trigger.pull_trigger(server.close)
        thread.join(timeout=30)
        server.task_dispatcher.shutdown()
    assert not thread.is_alive(), "a test left a connection open"


def read_whole(response):
    """`response` once read to its end, as a browser reads it: Django's test client closes a
    streamed response (a served file, held open) only then. For a test that looks only at
    the status or the headers."""
    response.getvalue()
    return response


def login(client, user: User):
    """Log the client in as `user`, past the second factor, as the real login does."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "test"}
    )
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def catalogues(db) -> None:
    """The five dispositifs of DESIGN §3, loaded from the catalogue files (for real once per
    test process, then copied: referencement/catalog/testing.py)."""
    from referencement.catalog.testing import load_catalogues

    load_catalogues()


@pytest.fixture
def shared_dir() -> Path:
    """The agency's reference material (../shared), never copied into the project."""
    if not SHARED.exists():
        pytest.skip(f"reference material absent: {SHARED}")
    return SHARED


@pytest.fixture
def login_as(client):
    def _login(user: User):
        return login(client, user)

    return _login
