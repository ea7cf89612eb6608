"""Backup → restore into an empty instance gives identical data and an intact audit chain
(001 §3.2.7 SC.SSI/GEN.21)."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from referencement.audit.actions import record
from referencement.audit.verification import verify_chain
from referencement.core.backup import EXCLUDED, file_roots
from referencement.files.storage import blob_store, store_blob
from referencement.lib.blobstore import blob_key

EVIDENCE = b"contenu de preuve"
EVIDENCE_KEY = blob_key(hashlib.sha256(EVIDENCE).hexdigest())

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list]:
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED or label in EXCLUDED:
            continue
        data = json.loads(serializers.serialize("json", model._default_manager.order_by("pk")))
        rows[label] = data
    return rows


def evidence_files() -> dict[str, bytes]:
    root = file_roots()[0].path
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def instance(editor_admin, instructor, settings):
    for i in range(3):
        record("test.event", actor=instructor, subject=editor_admin, new={"i": i})
    blob = settings.EVIDENCE_ROOT / EVIDENCE_KEY
    blob.parent.mkdir(parents=True)
    blob.write_bytes(EVIDENCE)
    return snapshot(), evidence_files()


def wipe(settings) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for root in file_roots():
        for path in sorted(root.path.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


def test_backup_then_restore_gives_identical_data_and_a_verified_chain(
    instance, tmp_path, settings
):
    before_rows, before_files = instance
    call_command("backup", str(tmp_path / "sauvegarde"), stdout=StringIO())
    manifest = json.loads((tmp_path / "sauvegarde" / "manifest.json").read_text())
    assert {f["path"] for f in manifest["files"]} == {f"evidence/{EVIDENCE_KEY}"}
    wipe(settings)
    assert evidence_files() == {}
    call_command("restore", str(tmp_path / "sauvegarde"), stdout=StringIO())
    assert snapshot() == before_rows
    assert evidence_files() == before_files
    count, problems = verify_chain()
    assert count == len(before_rows["audit.auditevent"]) and problems == []


def test_restore_refuses_a_non_empty_instance(instance, tmp_path):
    call_command("backup", str(tmp_path / "s"), stdout=StringIO())
    with pytest.raises(CommandError, match="pas vide"):
        call_command("restore", str(tmp_path / "s"), stdout=StringIO())


def test_restore_refuses_an_altered_backup(instance, tmp_path, settings):
    call_command("backup", str(tmp_path / "s"), stdout=StringIO())
    (tmp_path / "s" / "files" / "evidence" / EVIDENCE_KEY).write_bytes(b"falsifie")
    wipe(settings)
    with pytest.raises(CommandError, match="altéré"):
        call_command("restore", str(tmp_path / "s"), stdout=StringIO())


def test_backup_refuses_a_non_empty_destination(instance, tmp_path):
    (tmp_path / "occupe").mkdir()
    (tmp_path / "occupe" / "x").write_text("x")
    with pytest.raises(CommandError, match="pas vide"):
        call_command("backup", str(tmp_path / "occupe"))


@pytest.mark.parametrize(
    "forged_path",
    ["evidence/../../../outside", "/etc/passwd", "inconnu/fichier", "evidence/../../secret_key"],
)
def test_restore_refuses_manifest_paths_outside_its_folders(
    instance, tmp_path, settings, forged_path
):
    """Issue 16 item 8: a forged manifest never makes restore read or write elsewhere."""
    call_command("backup", str(tmp_path / "s"), stdout=StringIO())
    manifest_path = tmp_path / "s" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][0]["path"] = forged_path
    manifest_path.write_text(json.dumps(manifest))
    wipe(settings)
    with pytest.raises(CommandError, match="Chemin hors des dossiers"):
        call_command("restore", str(tmp_path / "s"), stdout=StringIO())
    assert not (tmp_path / "outside").exists()


def test_issue15_7_a_backup_on_s3_restores_its_files_into_another_bucket(
    instance, tmp_path, settings, request
):
    """The blobs are read from the configured store and restored into it (issue 15 item 7)."""
    s3 = request.getfixturevalue("s3_storage")
    writer = s3.writer(100)
    writer.write(b"preuve sur S3")
    stored = store_blob(writer.finish())
    call_command("backup", str(tmp_path / "s"), stdout=StringIO())
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert f"evidence/{blob_key(stored.sha256)}" in {f["path"] for f in manifest["files"]}
    call_command("flush", interactive=False, verbosity=0)
    s3.client.create_bucket(Bucket=f"{s3.bucket}-restauree")
    settings.REFERENCEMENT_S3_BUCKET = f"{s3.bucket}-restauree"
    call_command("restore", str(tmp_path / "s"), stdout=StringIO())
    with blob_store().open(stored.sha256) as handle:
        assert handle.read() == b"preuve sur S3"
