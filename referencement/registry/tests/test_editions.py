"""Registry editions (issue 15): numbered, chained, published by the worker after the
transaction commits, and every public surface answers from the edition in force. The
registry is what funders and controllers rely on (004 §4.5 « afin de faciliter la
vérification par les organismes de financement ou de contrôle »)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from referencement.audit.anchoring import read_anchors
from referencement.audit.models import AuditEvent
from referencement.core.worker import run_once
from referencement.registry.editions import publish_edition
from referencement.registry.models import Attestation, Edition

PARIS = ZoneInfo("Europe/Paris")
DOC = Path(__file__).resolve().parents[3] / "docs" / "registry-editions.md"


@pytest.fixture
def candidature(catalogues, editor, editor_member):
    from referencement.instruction.tests.fixtures import make_candidature

    return make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member, evidence=0
    )


def issue(candidature, sequence: int, *, dispositif=None) -> Attestation:
    dispositif = dispositif or candidature.dispositif
    from referencement.catalog.calendar import now

    issued_at = now()
    return Attestation.objects.create(
        number=f"SEGUR-{dispositif.code}-{issued_at.year}-{sequence:05d}",
        candidature=candidature,
        dispositif=dispositif,
        year=issued_at.year,
        sequence=sequence,
        editor_name="Éditeur fictif",
        solution_name=f"Solution {sequence}",
        issued_at=issued_at,
        pdf="attestations/x.pdf",
        sha256="0" * 64,
    )


def end(attestation: Attestation, status: str) -> None:
    from referencement.catalog.calendar import now

    attestation.status = status
    attestation.ended_at = now()
    attestation.end_reason = "Audit"
    attestation.save()


@pytest.mark.django_db(transaction=True)
def test_a_change_of_the_registry_is_published_by_the_worker_after_commit_not_by_a_request(
    candidature,
):
    DBTaskResult.objects.all().delete()
    with transaction.atomic():
        attestation, other = issue(candidature, 1), issue(candidature, 2)
    public = Client()
    # The request answers from the editions there are; it never builds one.
    assert public.get("/api/v1/registry").json()["edition"] is None
    assert not Edition.objects.exists()
    # One publication scheduled for the transaction, however many changes it made, and
    # none more while it waits in the queue (it will read every committed change).
    with transaction.atomic():
        issue(candidature, 3).delete()
    assert DBTaskResult.objects.filter(task_path__endswith="publish_registry_edition").count() == 1
    run_once("registry-worker")
    first = Edition.objects.get()
    assert [a["number"] for a in public.get("/api/v1/registry").json()["referenced"]] == [
        attestation.number,
        other.number,
    ]
    end(attestation, "revoked")
    assert public.get("/api/v1/registry").json()["referenced_count"] == 2  # edition 1 still
    run_once("registry-worker")
    second = Edition.objects.first()
    assert (second.number, second.previous_sha256) == (2, first.sha256)
    assert second.changes[0]["kind"] == "revoked"
    answer = public.get("/api/v1/registry").json()
    assert answer["referenced_count"] == 1 and answer["edition"]["sha256"] == second.sha256


@pytest.mark.django_db(transaction=True)
def test_every_published_edition_anchors_the_audit_chain_issue_16_item_5(candidature):
    with transaction.atomic():
        issue(candidature, 1)
    assert read_anchors() == []
    run_once("registry-worker")
    [anchor] = read_anchors()
    assert anchor.sequence == AuditEvent.objects.order_by("-sequence").first().sequence
    run_once("registry-worker")  # nothing changed: no edition, no new anchor
    assert len(read_anchors()) == 1


def test_a_candidate_published_or_not_yet_schedules_accordingly_001_4_1(
    catalogues, editor, editor_member, django_capture_on_commit_callbacks
):
    from referencement.candidatures.choices import CandidatureStatus as S
    from referencement.instruction.tests.fixtures import make_candidature

    draft = make_candidature(
        catalogues["MS-DUI-Va2"],
        editor=editor,
        created_by=editor_member,
        status=S.DRAFT,
        evidence=0,
    )
    with django_capture_on_commit_callbacks() as submitted:
        draft.status = S.ADMIN_SUBMITTED
        draft.save(update_fields=["status"])
    assert submitted == []  # not a public candidate yet
    with django_capture_on_commit_callbacks() as accepted:
        draft.status = S.ADMIN_ACCEPTED
        draft.save(update_fields=["status"])
    assert len(accepted) == 1


def test_an_unchanged_registry_publishes_no_new_edition(candidature):
    issue(candidature, 1)
    assert publish_edition().number == 1
    assert publish_edition() is None
    assert Edition.objects.count() == 1


def test_answers_carry_the_edition_hash_as_etag_and_revalidate_with_304(client, candidature):
    issue(candidature, 1)
    edition = publish_edition()
    for path in ["/api/v1/registry", "/api/v1/registry.csv", "/api/v1/registry.json"]:
        response = client.get(path)
        assert response["ETag"] == f'"{edition.sha256}"', path
        assert "no-cache" in response["Cache-Control"]
        again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304 and again.content == b""
    issue(candidature, 2)
    publish_edition()
    assert (
        client.get("/api/v1/registry", HTTP_IF_NONE_MATCH=f'"{edition.sha256}"').status_code == 200
    )


def test_the_downloads_are_the_edition_files_and_the_json_chains_the_csv(client, candidature):
    import hashlib

    issue(candidature, 1)
    edition = publish_edition()
    document = client.get("/api/v1/registry.json")
    assert hashlib.sha256(document.content).hexdigest() == edition.sha256
    csv_content = client.get("/api/v1/registry.csv").content
    assert hashlib.sha256(csv_content).hexdigest() == document.json()["csv_sha256"]
    assert client.get(f"/api/v1/registry/editions/{edition.number}").content == document.content


@pytest.mark.parametrize(
    ("day", "referenced", "edition"),
    [
        ("2027-03-09", False, 1),  # before the issuance (before the first edition)
        ("2027-03-10", True, 1),  # the day of the issuance
        ("2027-04-15", True, 1),  # between issuance and revocation
        ("2027-05-20", True, 2),  # the day of the revocation: referenced until 15:00
        ("2027-05-21", False, 2),  # after the revocation
    ],
)
def test_referenced_on_date_d_is_answered_from_the_edition_in_force_004_4_5(
    client, candidature, day, referenced, edition
):
    with time_machine.travel(datetime(2027, 3, 10, 10, tzinfo=PARIS), tick=False):
        attestation = issue(candidature, 1)
        publish_edition()
    with time_machine.travel(datetime(2027, 5, 20, 15, tzinfo=PARIS), tick=False):
        end(attestation, "revoked")
        publish_edition()
    cited = Edition.objects.get(number=edition)
    answer = client.get("/api/v1/registry", {"at": day}).json()
    assert answer["edition"]["number"] == edition and answer["edition"]["sha256"] == cited.sha256
    assert ([a["number"] for a in answer["referenced"]] == [attestation.number]) is referenced
    page = client.get("/registre/", {"at": day}).content.decode()
    assert f"édition n° {edition} " in page and cited.sha256 in page
    assert (attestation.number in page) is referenced
    assert client.get("/api/v1/registry.json", {"at": day}).json()["edition"] == edition
    csv_answer = client.get("/api/v1/registry.csv", {"at": day})
    assert csv_answer["X-Registry-Edition"] == str(edition)
    assert (attestation.number in csv_answer.content.decode()) is referenced


def test_the_diff_of_two_editions_lists_issuances_and_revocations(client, candidature):
    first = issue(candidature, 1)
    publish_edition()
    end(first, "revoked")
    second = issue(candidature, 2)
    publish_edition()
    diff = client.get("/api/v1/registry/editions/1/diff/2").json()
    assert (diff["from"]["number"], diff["to"]["number"]) == (1, 2)
    assert {(c["kind"], c["number"]) for c in diff["changes"]} == {
        ("revoked", first.number),
        ("issued", second.number),
    }
    listing = client.get("/api/v1/registry/editions").json()
    assert [e["number"] for e in listing["editions"]] == [2, 1]
    assert client.get("/api/v1/registry/editions/3").status_code == 404


def test_the_feeds_list_issuances_withdrawals_and_revocations_per_dispositif(
    client, candidature, catalogues
):
    kept = issue(candidature, 1)
    other = issue(candidature, 1, dispositif=catalogues["HOP-DPI-Va1"])
    publish_edition()
    end(kept, "withdrawn")
    publish_edition()
    feed = client.get("/api/v1/registry/feed", {"dispositif": "MS-DUI-Va2"})
    assert feed["Content-Type"] == "application/feed+json"
    items = feed.json()["items"]
    assert [(i["_registry"]["kind"], i["_registry"]["edition"]) for i in items] == [
        ("withdrawn", 2),
        ("issued", 1),
    ]
    assert items[0]["url"].endswith(f"/registre/attestations/{kept.number}/")
    assert items[0]["_registry"]["edition_url"].endswith("/api/v1/registry/editions/2")
    atom = client.get("/registre/flux.atom").content.decode()
    assert atom.count("<entry>") == 3
    assert other.number in atom and "Retrait du référencement" in atom
    assert (
        other.number not in client.get("/registre/flux.atom?dispositif=MS-DUI-Va2").content.decode()
    )


def _verification_script() -> str:
    script = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    assert len(script.strip().splitlines()) <= 20
    return script


def test_a_chain_of_50_editions_verifies_from_the_json_files_alone_and_tampering_breaks_it(
    client, candidature, tmp_path
):
    attestations = []
    for n in range(1, 51):
        if n % 5 == 0:
            end(attestations.pop(0), "revoked")
        else:
            attestations.append(issue(candidature, n))
        publish_edition()
    folder = tmp_path / "editions"
    folder.mkdir()
    for n in range(1, 51):
        response = client.get(f"/api/v1/registry/editions/{n}")
        name = re.search(r'filename="(.+)"', response["Content-Disposition"]).group(1)
        (folder / name).write_bytes(response.content)
    head = client.get("/api/v1/registry/editions").json()["editions"][0]
    assert head["number"] == 50
    script = tmp_path / "verifier.py"
    script.write_text(_verification_script())

    def verify(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(script), str(folder), *args], capture_output=True, text=True
        )

    assert verify(head["sha256"]).returncode == 0
    assert "50 éditions vérifiées" in verify(head["sha256"]).stdout

    tampered = folder / "registre-edition-000017.json"
    tampered.write_bytes(
        tampered.read_bytes().replace(b'"status":"valid"', b'"status":"revoked"', 1)
    )
    broken = verify(head["sha256"])
    assert broken.returncode != 0 and "Chaîne rompue à l'édition 18" in broken.stderr

    last = folder / "registre-edition-000050.json"
    (folder / "registre-edition-000017.json").write_bytes(
        client.get("/api/v1/registry/editions/17").content
    )
    last.write_bytes(last.read_bytes().replace(b"Solution", b"Solutio", 1))
    assert verify(head["sha256"]).returncode != 0
