"""Conformity on deposit (issue 6 item 8): a machine-checkable file gets a report from the
worker; a hostile file gets an error report, not a crash; the API checks a file on demand."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import SHARED
from referencement.accounts.testing import issue_api_token
from referencement.candidatures.testing import accepted, load_catalogues, pending
from referencement.core.worker import run_once
from referencement.evidence import actions
from referencement.evidence.expected import expected_items

CDA_EXAMPLES = SHARED / "cisis" / "ExemplesCDA"
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM '
    b'"file:///etc/passwd">]>\n<ClinicalDocument xmlns="urn:hl7-org:v3">&xxe;</ClinicalDocument>'
)


def _deposit(editor_member, instructor, data: bytes, filename: str):
    load_catalogues()
    candidature = accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)
    code = expected_items(candidature)[0].code
    return actions.deposit(
        candidature, code, actor=editor_member, pending=pending(data), filename=filename
    )


@pytest.mark.django_db(transaction=True)
def test_a_deposited_cda_example_gets_a_report_from_the_worker(editor_member, instructor):
    examples = sorted(CDA_EXAMPLES.glob("*.xml")) if CDA_EXAMPLES.is_dir() else []
    if not examples:
        pytest.skip("exemples CDA du CI-SIS absents (REFERENCEMENT_SHARED)")
    example = next(p for p in examples if b"ClinicalDocument" in p.read_bytes()[:4096])
    version = _deposit(editor_member, instructor, example.read_bytes(), example.name)
    assert version.conformity_status == "pending"
    run_once("t")
    version.refresh_from_db()
    assert version.conformity_status in {"passed", "warnings", "failed", "unverifiable"}
    assert version.conformity_report["kind"] == "cda"
    assert version.conformity_report["filename"] == example.name


@pytest.mark.django_db(transaction=True)
def test_a_hostile_xml_file_gets_an_error_report_not_a_crash(editor_member, instructor):
    version = _deposit(editor_member, instructor, XXE, "piege.xml")
    run_once("t")
    version.refresh_from_db()
    assert version.conformity_status == "failed"
    assert "root:" not in str(version.conformity_report)
    assert version.conformity_report["findings"]


@pytest.mark.django_db
def test_a_pdf_is_not_machine_checked(editor_member, instructor):
    version = _deposit(editor_member, instructor, b"%PDF-1.4\n" + b"0" * 64, "capture.pdf")
    assert version.conformity_status == "not_applicable"


@pytest.mark.django_db
def test_conformity_api_returns_the_report(client, editor_member):
    _, clear = issue_api_token(editor_member, name="CI")
    response = client.post(
        "/api/v1/conformity/validate",
        {"file": SimpleUploadedFile("piege.xml", XXE)},
        HTTP_AUTHORIZATION=f"Bearer {clear}",
    )
    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert client.post("/api/v1/conformity/validate").status_code == 401


@pytest.mark.django_db
def test_conformity_api_is_size_limited(client, editor_member, settings):
    settings.CONFORMITY_MAX_BYTES = 100
    _, clear = issue_api_token(editor_member, name="CI")
    response = client.post(
        "/api/v1/conformity/validate",
        {"file": SimpleUploadedFile("gros.xml", b"<a>" + b"x" * 500 + b"</a>")},
        HTTP_AUTHORIZATION=f"Bearer {clear}",
    )
    assert response.status_code == 413
