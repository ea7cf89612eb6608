"""The audit log is append-only and hash-chained; `audit verify` detects any tampering."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from referencement.audit.actions import record
from referencement.audit.models import AppendOnlyError, AuditEvent
from referencement.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(instructor):
    return [
        record(f"test.event{i}", actor=instructor, subject=instructor, new={"i": i})
        for i in range(5)
    ]


def raw_sql(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_each_event_holds_the_hash_of_the_previous(chain):
    for previous, event in zip(chain, chain[1:], strict=False):
        assert event.previous_hash == previous.hash
        assert event.sequence == previous.sequence + 1


def test_intact_chain_verifies(chain, capsys):
    call_command("audit", "verify")
    assert "5 événements chaînés ; aucune ancre externe" in capsys.readouterr().out


def test_verify_fails_after_a_row_is_altered_in_the_database(chain):
    raw_sql(
        f"UPDATE {AuditEvent._meta.db_table} SET new_values = %s WHERE sequence = 3", ['{"i": 99}']
    )
    with pytest.raises(CommandError, match="altéré"):
        call_command("audit", "verify")
    _, problems = verify_chain()
    assert [p.sequence for p in problems] == [3]


def test_verify_fails_after_a_middle_row_is_deleted(chain):
    raw_sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = %s", [2])
    _, problems = verify_chain()
    assert problems and problems[0].sequence == 3


def test_verify_fails_after_the_last_row_is_deleted(chain):
    raw_sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = %s", [5])
    _, problems = verify_chain()
    assert any("fin de la chaîne" in p.message for p in problems)


def test_events_cannot_be_changed_or_deleted_through_the_orm(chain):
    event = chain[0]
    event.action = "autre"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_server_request_id_and_client_request_id_are_recorded_apart(client, instructor):
    from conftest import login

    login(client, instructor)
    response = client.post("/deconnexion/", HTTP_X_REQUEST_ID="req-123\n<x>")
    event = AuditEvent.objects.get(action="logout")
    assert event.request_id == response["X-Request-ID"] != "req-123"
    assert event.client_request_id == "req-123x"
    assert event.compute_hash() == event.hash
