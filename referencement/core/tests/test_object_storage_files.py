"""Issue 15 item 7: the models' files (attestations, conventions…) go through the
content-addressed blob store, on S3 too, and `referencement storage migrate --to s3` moves a
populated local instance into the bucket, verifying every SHA-256, restartable, and
refusing (exit 1) when an object was altered. S3 is moto's server on loopback
(referencement/testing_s3.py)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from conftest import login
from referencement.candidatures.testing import pending
from referencement.files.models import Blob
from referencement.files.storage import blob_store, store_blob
from referencement.instruction.actions import complete_instruction, give_verdict, start_instruction
from referencement.instruction.choices import VerdictValue
from referencement.instruction.tests import fixtures as instruction_fixtures
from referencement.instruction.tests.fixtures import latest_versions, make_candidature
from referencement.lib.blobstore import blob_key
from referencement.registry.models import Attestation

PARIS = ZoneInfo("Europe/Paris")
NUMBER = "SEGUR-MS-DUI-Va2-2027-00001"
pytestmark = pytest.mark.django_db
# The shipped catalogues loaded one by one, as the instruction tests do.
catalogues = instruction_fixtures.catalogues


def attestation(candidature, pdf) -> Attestation:
    return Attestation.objects.create(
        number=NUMBER,
        candidature=candidature,
        dispositif=candidature.dispositif,
        year=2027,
        sequence=1,
        editor_name="Éditeur",
        solution_name="Solution",
        issued_at=datetime(2027, 6, 1, tzinfo=PARIS),
        pdf=pdf,
        sha256="0" * 64,
    )


def in_bucket(store, sha256: str) -> bytes:
    response = store.client.get_object(Bucket=store.bucket, Key=blob_key(sha256))
    return response["Body"].read()


@pytest.fixture
def candidature(catalogues, editor, editor_member):
    return make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member, evidence=0
    )


@pytest.fixture
def legacy_root(settings) -> Path:
    """The folder of uploads written before the blob store (one per test, conftest.py)."""
    return Path(settings.STORAGES["default"]["OPTIONS"]["legacy_location"])


@time_machine.travel(datetime(2027, 6, 1, tzinfo=PARIS))
def test_issue15_7_an_attestation_pdf_is_saved_to_s3_and_served_back(
    client, s3_storage, candidature, editor_member
):
    pdf = b"%PDF-1.7\n% attestation fictive\n" + uuid.uuid4().bytes
    sha256 = hashlib.sha256(pdf).hexdigest()
    saved = attestation(candidature, ContentFile(pdf, name=f"{NUMBER}.pdf"))
    assert saved.pdf.name == f"attestations/{sha256}.pdf"
    assert in_bucket(s3_storage, sha256) == pdf
    assert Blob.objects.filter(sha256=sha256).exists()  # kept from the storage cleanup
    response = login(client, editor_member).get(f"/registre/attestations/{NUMBER}/pdf/")
    assert response.status_code == 200
    assert response.content == pdf


@time_machine.travel(datetime(2027, 5, 6, 10, tzinfo=PARIS), tick=False)
def test_issue15_7_a_convention_is_written_to_s3_and_downloaded_from_it(
    client, s3_storage, catalogues, editor, editor_member, instructor
):
    candidature = make_candidature(
        catalogues["MS-DUI-Va2"], editor=editor, created_by=editor_member
    )
    start_instruction(candidature, actor=instructor)
    for version in latest_versions(candidature):
        give_verdict(version, VerdictValue.CONFORME, actor=instructor)
    complete_instruction(candidature, proposal="Attribution proposée.", actor=instructor)
    candidature.refresh_from_db()
    draft = candidature.convention.draft
    sha256 = Path(draft.name).stem
    assert draft.name == f"conventions/{sha256}.pdf"
    stored = in_bucket(s3_storage, sha256)
    assert hashlib.sha256(stored).hexdigest() == sha256
    response = login(client, editor_member).get(
        f"/mes-candidatures/{candidature.pk}/convention.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="convention-{candidature.pk}.pdf"'
    assert b"".join(response.streaming_content) == stored


def test_issue15_7_a_file_named_before_the_blob_store_still_opens(
    legacy_root, candidature, editor_member, client
):
    (legacy_root / "attestations").mkdir(parents=True)
    (legacy_root / "attestations" / "ancienne.pdf").write_bytes(b"%PDF-1.4 ancienne")
    attestation(candidature, "attestations/ancienne.pdf")
    with time_machine.travel(datetime(2027, 6, 1, tzinfo=PARIS)):
        response = login(client, editor_member).get(f"/registre/attestations/{NUMBER}/pdf/")
    assert response.content == b"%PDF-1.4 ancienne"


@pytest.fixture
def local_instance(settings, legacy_root, candidature):
    """Evidence and a registry file in the local blob store, and an attestation uploaded
    before the blob store (a file under the old uploads folder)."""
    settings.REFERENCEMENT_STORAGE = "local"
    contents = [b"%PDF-1.4 preuve " + uuid.uuid4().bytes for _ in range(3)]
    for content in contents:
        store_blob(pending(content))
    (legacy_root / "attestations").mkdir(parents=True)
    old_pdf = b"%PDF-1.4 attestation d'avant " + uuid.uuid4().bytes
    (legacy_root / "attestations" / "ancienne.pdf").write_bytes(old_pdf)
    attestation(candidature, "attestations/ancienne.pdf")
    return contents, old_pdf


def migrate(to: str) -> str:
    out = StringIO()
    call_command("storage", "migrate", "--to", to, stdout=out)
    return out.getvalue()


def test_issue15_7_storage_migrate_moves_every_file_to_s3_verifying_each_hash(
    request, local_instance
):
    contents, old_pdf = local_instance
    s3 = request.getfixturevalue("s3_storage")
    output = migrate("s3")
    assert "copiés et vérifiés : 4" in output
    assert "anciens fichiers téléversés repris dans le stockage par empreinte : 1" in output
    for content in [*contents, old_pdf]:
        assert in_bucket(s3, hashlib.sha256(content).hexdigest()) == content
    moved = Attestation.objects.get()
    assert moved.pdf.name == f"attestations/{hashlib.sha256(old_pdf).hexdigest()}.pdf"
    with moved.pdf.open("rb") as handle:  # now read from the bucket
        assert handle.read() == old_pdf
    again = migrate("s3")
    assert "copiés et vérifiés : 0 ; déjà présents et vérifiés : 4" in again


def test_issue15_7_storage_migrate_detects_an_altered_object_and_exits_1(request, local_instance):
    contents, _ = local_instance
    s3 = request.getfixturevalue("s3_storage")
    migrate("s3")
    altered = hashlib.sha256(contents[0]).hexdigest()
    s3.client.put_object(Bucket=s3.bucket, Key=blob_key(altered), Body=b"autre contenu")
    out = StringIO()
    with pytest.raises(CommandError, match="1 fichier altéré") as refused:
        call_command("storage", "migrate", "--to", "s3", stdout=out)
    assert refused.value.returncode == 1
    assert f"Empreinte SHA-256 différente (fichier altéré) : {altered}" in out.getvalue()


def test_issue15_7_storage_migrate_to_local_brings_the_files_back(
    request, local_instance, settings, tmp_path
):
    contents, _ = local_instance
    request.getfixturevalue("s3_storage")
    migrate("s3")
    settings.EVIDENCE_ROOT = tmp_path / "nouvelles-preuves"
    assert "copiés et vérifiés : 4" in migrate("local")
    settings.REFERENCEMENT_STORAGE = "local"
    for content in contents:
        with blob_store().open(hashlib.sha256(content).hexdigest()) as handle:
            assert handle.read() == content


def test_issue15_7_info_names_the_bucket_never_the_credentials(s3_storage, settings, capsys):
    from referencement.cli import main

    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"Stockage            : S3, compartiment {s3_storage.bucket}" in out
    assert settings.REFERENCEMENT_S3_SECRET_ACCESS_KEY not in out


def test_issue15_7_storage_migrate_needs_a_bucket(settings):
    settings.REFERENCEMENT_S3_BUCKET = ""
    with pytest.raises(CommandError, match="REFERENCEMENT_S3_BUCKET") as refused:
        migrate("s3")
    assert refused.value.returncode == 2
