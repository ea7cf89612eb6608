"""Faults lose nothing: a database connection lost in the middle of an action gives a clear
503 page, writes nothing of that action, and the service resumes on the next request."""

from __future__ import annotations

import pytest
from django.db import connection

from conftest import login
from referencement.accounts import actions
from referencement.accounts.models import Invitation
from referencement.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def kill_own_connection() -> None:
    """What a PostgreSQL restart does to a request: the server ends its backend."""
    from django.db import connections

    with connections["default"].cursor() as cursor:
        pid = cursor.connection.info.backend_pid
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_connection_lost_mid_action_gives_503_and_no_partial_write(
    client, editor_admin, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server whose connection can be cut")
    login(client, editor_admin)
    events_before = AuditEvent.objects.count()
    real_record = actions.record

    def record_after_losing_the_database(*args, **kwargs):
        kill_own_connection()
        return real_record(*args, **kwargs)

    monkeypatch.setattr(actions, "record", record_after_losing_the_database)
    client.raise_request_exception = False
    response = client.post(
        f"/editeurs/{editor_admin.editor_id}/",
        {"email": "perdu@exemple.test", "role": "editor_member"},
    )
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()
    monkeypatch.setattr(actions, "record", real_record)
    connection.close()
    assert not Invitation.objects.filter(email="perdu@exemple.test").exists()
    assert AuditEvent.objects.count() == events_before
    response = client.post(
        f"/editeurs/{editor_admin.editor_id}/",
        {"email": "retrouve@exemple.test", "role": "editor_member"},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="retrouve@exemple.test").exists()
