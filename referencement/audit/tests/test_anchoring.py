"""Issue 16 item 5: the chain head anchored outside the database, signed with Ed25519, lets
`audit verify` detect a rewritten history (hashes recomputed) and a truncated one."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from referencement.audit.actions import record
from referencement.audit.anchoring import anchor_chain_head, read_anchors, verify_anchors
from referencement.audit.models import AuditChainHead, AuditEvent
from referencement.audit.verification import GENESIS_HASH, verify_chain
from referencement.core.periodic import run_due_sweeps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("anchor_files")]


@pytest.fixture
def anchored_chain(instructor):
    events = [
        record(f"test.event{i}", actor=instructor, subject=instructor, new={"i": i})
        for i in range(10)
    ]
    call_command("audit", "anchor")
    return events


def rewrite_chain_from(sequence: int, new_values: dict) -> None:
    """What an insider with database access does: change a row, recompute every later hash
    and the head, so that the chain on its own still verifies."""
    previous_hash = GENESIS_HASH
    for event in AuditEvent.objects.order_by("sequence"):
        if event.sequence == sequence:
            event.new_values = new_values
        event.previous_hash = previous_hash
        event.hash = event.compute_hash()
        AuditEvent.objects.filter(pk=event.pk).update(
            new_values=event.new_values, previous_hash=event.previous_hash, hash=event.hash
        )
        previous_hash = event.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous_hash)


def truncate_last_rows(count: int) -> None:
    last = AuditEvent.objects.order_by("-sequence").first().sequence
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence > %s", [last - count]
        )
    kept = AuditEvent.objects.order_by("-sequence").first()
    AuditChainHead.objects.filter(pk=1).update(last_sequence=kept.sequence, last_hash=kept.hash)


def test_anchor_records_the_chain_head_signed(anchored_chain, anchor_files):
    lines = anchor_files.AUDIT_ANCHORS_PATH.read_text().splitlines()
    assert len(lines) == 1
    anchor = json.loads(lines[0])
    assert anchor["sequence"] == 10
    assert anchor["hash"] == anchored_chain[-1].hash
    assert read_anchors()[0].signature_valid


def test_intact_anchored_chain_verifies(anchored_chain, capsys):
    call_command("audit", "verify")
    assert "intègre : 10 événements vérifiés contre 1 ancre" in capsys.readouterr().out


def test_verify_without_anchor_says_rewriting_is_not_verifiable(instructor, capsys):
    record("test.event", actor=instructor)
    call_command("audit", "verify")
    assert "non vérifiables" in capsys.readouterr().out


def test_rewritten_chain_with_recomputed_hashes_fails_citing_the_anchor(anchored_chain, capsys):
    rewrite_chain_from(3, {"i": 99})
    assert verify_chain()[1] == []  # the chain alone no longer sees it
    with pytest.raises(CommandError, match="altéré"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "historique réécrit : l'événement n° 10" in err
    assert "ancre n° 1 du" in err


def test_truncated_last_five_rows_fail_citing_the_anchor(anchored_chain, capsys):
    truncate_last_rows(5)
    assert verify_chain()[1] == []
    with pytest.raises(CommandError, match="altéré"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "historique tronqué : ancre n° 1 du" in err
    assert "dernier présent n° 5" in err


def test_forged_anchor_line_fails_its_signature(anchored_chain, anchor_files):
    path = anchor_files.AUDIT_ANCHORS_PATH
    line = json.loads(path.read_text())
    line["hash"] = "f" * 64
    path.write_text(json.dumps(line) + "\n")
    _, problems = verify_anchors()
    assert [p.message.endswith("signature invalide") for p in problems] == [True]


def test_removed_anchor_line_is_reported(anchored_chain, anchor_files, instructor):
    record("test.later", actor=instructor)
    anchor_chain_head()
    record("test.latest", actor=instructor)
    anchor_chain_head()
    path = anchor_files.AUDIT_ANCHORS_PATH
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[2]]) + "\n")
    _, problems = verify_anchors()
    assert any("ancre précédente a été supprimée" in p.message for p in problems)


def test_periodic_sweep_anchors_hourly_only_when_the_head_moved(instructor, anchor_files):
    record("test.event", actor=instructor)
    with time_machine.travel("2026-03-02 08:00:00+00:00", tick=False):
        assert "audit.anchor" in run_due_sweeps()
    with time_machine.travel("2026-03-02 08:30:00+00:00", tick=False):
        assert "audit.anchor" not in run_due_sweeps()
    with time_machine.travel("2026-03-02 09:01:00+00:00", tick=False):
        assert "audit.anchor" in run_due_sweeps()
    assert len(read_anchors()) == 1
    record("test.again", actor=instructor)
    with time_machine.travel("2026-03-02 10:02:00+00:00", tick=False):
        run_due_sweeps()
    assert [a.sequence for a in read_anchors()] == [1, 2]


def test_request_id_is_generated_server_side_and_the_client_one_kept_sanitised(db):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="forged<script>" + "x" * 100)
    assert response["X-Request-ID"] != "forged"
    assert len(response["X-Request-ID"]) == 32
    assert response.wsgi_request.client_request_id == ("forgedscript" + "x" * 100)[:64]
