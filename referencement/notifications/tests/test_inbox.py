from __future__ import annotations

import pytest

from conftest import login
from referencement.core.worker import run_once
from referencement.instruction.tests.fixtures import make_candidature
from referencement.notifications.actions import notify_editor


@pytest.mark.django_db(transaction=True)
def test_each_event_reaches_every_member_in_the_inbox_and_by_smtp(
    client, catalogues, editor, editor_admin, editor_member, other_editor_member, smtp_server
):
    candidature = make_candidature(
        catalogues["HOP-PFI-Va2"], editor=editor, created_by=editor_member
    )
    notify_editor(candidature, kind="test", title="Décision rendue", body="Le collège a statué.")
    run_once("test-worker")
    recipients = sorted(t.split(" | ")[0] for t in smtp_server.texts())
    assert recipients == sorted([editor_admin.email, editor_member.email])
    assert all("Décision rendue" in t for t in smtp_server.texts())

    login(client, editor_member)
    assert "1 notification non lue" in client.get("/").content.decode()
    assert "Le collège a statué." in client.get("/notifications/").content.decode()
    assert "Aucune notification non lue" in client.get("/notifications/").content.decode()

    login(client, other_editor_member)
    assert "Le collège a statué." not in client.get("/notifications/").content.decode()
