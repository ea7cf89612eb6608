"""Issue 13 items 1, 2 and 9: a deposited file's check never reads as a pass when it could
not run, never raises out of the worker, and never stays « pending »."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from referencement.candidatures.testing import accepted, load_catalogues, pending
from referencement.core.worker import run_once
from referencement.evidence import actions, checks
from referencement.evidence.choices import ConformityStatus
from referencement.evidence.expected import expected_items
from referencement.evidence.models import EvidenceVersion

CDA = (
    b'<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">'
    b"<title>essai</title></ClinicalDocument>"
)


def _deposit(editor_member, instructor):
    load_catalogues()
    candidature = accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)
    code = expected_items(candidature)[0].code
    return actions.deposit(
        candidature, code, actor=editor_member, pending=pending(CDA), filename="cr.xml"
    )


def test_the_unverifiable_status_reads_non_verifiable():
    assert ConformityStatus.UNVERIFIABLE.value == "unverifiable"
    assert ConformityStatus.UNVERIFIABLE.label == "non vérifiable"


@pytest.mark.django_db(transaction=True)
def test_a_checker_exception_ends_non_verifiable_not_pending(
    editor_member, instructor, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("défaut du vérificateur")

    monkeypatch.setattr(checks, "validate", broken)
    version = _deposit(editor_member, instructor)
    run_once("t")
    version.refresh_from_db()
    assert version.conformity_status == ConformityStatus.UNVERIFIABLE
    [finding] = version.conformity_report["findings"]
    assert finding["severity"] == "non vérifiable"


@pytest.mark.django_db(transaction=True)
def test_a_check_that_could_not_run_is_never_passed(
    editor_member, instructor, monkeypatch, tmp_path
):
    monkeypatch.setenv("REFERENCEMENT_SCHEMATRONS", str(tmp_path))
    version = _deposit(editor_member, instructor)
    run_once("t")
    version.refresh_from_db()
    assert version.conformity_status != ConformityStatus.PASSED
    severities = {f["severity"] for f in version.conformity_report["findings"]}
    assert "non vérifiable" in severities


@pytest.mark.django_db
def test_the_sweep_requeues_checks_pending_for_more_than_10_minutes(editor_member, instructor):
    version = _deposit(editor_member, instructor)
    assert checks.sweep_pending_checks() == {"requeued": 0, "given_up": 0}
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert checks.sweep_pending_checks() == {"requeued": 1, "given_up": 0}
        # Idempotent: claimed once per period.
        assert checks.sweep_pending_checks() == {"requeued": 0, "given_up": 0}
    with time_machine.travel(timezone.now() + timedelta(minutes=22)):
        assert checks.sweep_pending_checks() == {"requeued": 1, "given_up": 0}
    version.refresh_from_db()
    assert version.conformity_status == ConformityStatus.PENDING


@pytest.mark.django_db
def test_a_check_pending_for_an_hour_ends_non_verifiable(editor_member, instructor):
    version = _deposit(editor_member, instructor)
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert checks.sweep_pending_checks()["given_up"] == 1
    version = EvidenceVersion.objects.get(pk=version.pk)
    assert version.conformity_status == ConformityStatus.UNVERIFIABLE
    assert version.conformity_report["verdict"] == "non vérifiable"
