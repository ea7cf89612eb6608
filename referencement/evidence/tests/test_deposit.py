"""Deposits: a new deposit is a new version, content-addressed and never overwritten
(DESIGN §6 Storage); uploads are sniffed and size-limited by type (issue 4 item 4)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from referencement.accounts.testing import issue_api_token
from referencement.candidatures import actions as candidature_actions
from referencement.candidatures.testing import PDF, accepted, draft, fill_dossier, load_catalogues
from referencement.catalog.models import EvidenceSpec, Scenario
from referencement.evidence import actions
from referencement.evidence.expected import chapter_progress, expected_items, out_of_scope_evidence
from referencement.files.storage import blob_store
from referencement.lib.blobstore import TooLarge
from referencement.lib.sniffing import sniff

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def candidature(editor_member, instructor):
    load_catalogues()
    return accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)


@pytest.fixture
def api_post(client, editor_member, candidature):
    _, clear = issue_api_token(editor_member, name="CI")

    def post(data):
        return client.post(
            f"/api/v1/candidatures/{candidature.pk}/evidence",
            data,
            HTTP_AUTHORIZATION=f"Bearer {clear}",
        )

    return post


def test_depositing_twice_keeps_both_versions_with_their_hashes(api_post, candidature):
    code = expected_items(candidature)[0].code
    first = api_post({"item": code, "file": SimpleUploadedFile("a.pdf", PDF)}).json()
    second = api_post({"item": code, "file": SimpleUploadedFile("b.png", PNG)}).json()
    assert (first["number"], second["number"]) == (1, 2)
    assert first["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert second["sha256"] == hashlib.sha256(PNG).hexdigest()
    for body, data in ((first, PDF), (second, PNG)):
        path = blob_store().path(body["sha256"])
        assert path.read_bytes() == data
        assert path.parent.name == body["sha256"][2:4]
    item = next(i for i in expected_items(candidature) if i.code == code)
    assert [v.number for v in item.evidence.versions.all()] == [2, 1]
    candidature.refresh_from_db()
    assert candidature.status == "evidence_in_progress"


def test_the_type_comes_from_the_content_not_the_extension(api_post, candidature):
    code = expected_items(candidature)[0].code
    body = api_post({"item": code, "file": SimpleUploadedFile("capture.pdf", PNG)}).json()
    assert body["content_type"] == "image/png"


def test_a_file_over_the_limit_of_its_type_is_refused_and_not_kept(api_post, candidature, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1024
    code = expected_items(candidature)[0].code
    response = api_post({"item": code, "file": SimpleUploadedFile("big.pdf", PDF + b"0" * 5000)})
    assert response.status_code == 413
    assert "taille maximale" in response.json()["detail"]
    assert not blob_store().exists(hashlib.sha256(PDF + b"0" * 5000).hexdigest())
    assert list((blob_store().root / "tmp").iterdir()) == []


def test_videos_have_their_own_larger_limit(settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 10
    from referencement.evidence.upload_limits import evidence_limit

    webm = b"\x1a\x45\xdf\xa3" + b"\x00" * 5000
    writer = blob_store().writer(10_000, evidence_limit)
    writer.write(webm)
    assert writer.finish().content_type == "video/webm"
    writer = blob_store().writer(10_000, evidence_limit)
    with pytest.raises(TooLarge):
        writer.write(PDF + b"0" * 5000)


def test_sniffer_recognises_the_usual_evidence_formats():
    assert sniff(PDF) == "application/pdf"
    assert sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff(b"\x00\x00\x00\x18ftypmp42") == "video/mp4"
    assert sniff(b"PK\x03\x04") == "application/zip"
    assert sniff(b"<?xml version='1.0'?><ClinicalDocument/>") == "application/xml"
    assert sniff(b"MSH|^~\\&|") == "application/hl7-v2"
    assert sniff(b"From: a@b.fr\nSubject: XDM/1.0/DDM\n\nbody") == "message/rfc822"
    assert sniff("Identifiant d'exécution : 42 é".encode()) == "text/plain"
    assert sniff(b"\x00\x01\x02") == "application/octet-stream"


def test_a_text_deposit_needs_no_file(candidature, editor_member):
    code = expected_items(candidature)[0].code
    version = actions.deposit(candidature, code, actor=editor_member, text="run-2026-0042")
    assert version.blob is None and version.text == "run-2026-0042"


def test_removing_a_profile_keeps_deposited_evidence(editor_member, instructor):
    load_catalogues()
    with time_machine.travel(datetime(2026, 9, 1, 9, 0, tzinfo=PARIS), tick=False):
        candidature = fill_dossier(draft("MS-DUI-Va2", editor_member), editor_member)
        general = {i.code for i in expected_items(candidature)}
        optional = next(
            p
            for p in candidature.dispositif.profiles.filter(mandatory=False)
            if p.requirements.exclude(profiles__mandatory=True).exists()
        )
        candidature_actions.set_profiles(
            candidature, ["GENERAL", optional.code], actor=editor_member
        )
        candidature_actions.submit_dossier(candidature, actor=editor_member)
        candidature_actions.accept_dossier(candidature, actor=instructor)
        own = next(i for i in expected_items(candidature) if i.code not in general)
        actions.deposit(candidature, own.code, actor=editor_member, text="preuve")
        # 001 §4.3: optional profiles may be removed at any time.
        candidature_actions.set_profiles(candidature, ["GENERAL"], actor=editor_member)
    items = expected_items(candidature)
    assert own.code not in {i.code for i in items}
    kept = out_of_scope_evidence(candidature, items)
    assert [e.code for e in kept] == [own.code] and kept[0].versions.count() == 1


def test_chapter_progress_counts_required_and_deposited(candidature, editor_member):
    items = expected_items(candidature)
    actions.deposit(candidature, items[0].code, actor=editor_member, text="x")
    first = chapter_progress(candidature)[0]
    assert first.deposited == 1 and first.required == len(first.items)


def test_a_deposit_goes_to_the_one_expected_item_its_code_names(candidature, editor_member):
    """A requirement whose scenario lists the proofs to give expects those proofs, no longer
    a proof of its own; a code the dossier does not expect is refused in French."""
    requirement = expected_items(candidature)[0].requirement
    scenario = Scenario.objects.create(requirement=requirement, code=f"{requirement.code}.1")
    spec = EvidenceSpec.objects.create(scenario=scenario, code=f"{requirement.code}.1.1")

    version = actions.deposit(candidature, f" {spec.code} ", actor=editor_member, text="x")

    assert version.evidence.spec == spec
    for code in (requirement.code, "EXIGENCE-INCONNUE"):
        with pytest.raises(
            ValidationError, match=f"Preuve attendue inconnue pour ce dossier : « {code} »"
        ):
            actions.deposit(candidature, code, actor=editor_member, text="x")
