"""The attestation issued on attribution (001 §4.5) is rendered as a PDF by a worker once the
decision has committed (issue 15 item 8): the web request never waits for WeasyPrint, and
every web process then serves the same file."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import UserFactory, login
from referencement.accounts.choices import Role
from referencement.audit.models import AuditEvent
from referencement.catalog.choices import CollegeOutcome
from referencement.college.testing import decide
from referencement.college.tests.test_college import on_agenda
from referencement.registry.actions import render_attestation
from referencement.registry.models import Attestation
from referencement.registry.tasks import render_attestation_pdf

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


@pytest.fixture
def attributed(
    catalogues, editor, editor_admin, instructor, agency_admin, django_capture_on_commit_callbacks
):
    editor.legal_representative_user = editor_admin
    editor.save()
    members = (UserFactory(role=Role.COLLEGE_MEMBER), UserFactory(role=Role.COLLEGE_MEMBER))
    with time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False):
        session, candidature = on_agenda(
            catalogues["MS-DUI-Va2"], editor, editor_admin, instructor, agency_admin, members
        )
        with django_capture_on_commit_callbacks(execute=True):
            decide(
                session,
                candidature,
                CollegeOutcome.ATTRIBUTION,
                by=members[0],
                confirmed_by=members[1],
            )
    return Attestation.objects.get(candidature=candidature)


def test_001_4_5_the_attribution_queues_the_attestation_pdf_for_a_worker(attributed):
    assert not attributed.pdf and not attributed.sha256
    queued = DBTaskResult.objects.get(task_path=render_attestation_pdf.module_path)
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["args"] == [attributed.pk]


def test_001_4_5_the_editor_is_told_the_pdf_is_being_prepared_until_it_is_rendered(
    client, attributed, editor_admin
):
    login(client, editor_admin)
    url = f"/registre/attestations/{attributed.number}/pdf/"
    assert client.get(url).status_code == 404
    render_attestation(attributed)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_001_4_5_the_pdf_is_rendered_once_and_its_hash_enters_the_audit_chain(attributed):
    render_attestation(attributed)
    first = attributed.sha256
    render_attestation(Attestation.objects.get(pk=attributed.pk))  # a task run twice
    attributed.refresh_from_db()
    assert attributed.sha256 == first and len(first) == 64
    [event] = AuditEvent.objects.filter(action="registry.attestation_rendered")
    assert event.new_values == {"number": attributed.number, "sha256": first}
