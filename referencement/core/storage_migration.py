"""`referencement storage migrate` (issue 15 item 7): move an instance's files from one blob
store to the other (local files ⇄ S3-compatible object storage), verifying every SHA-256.

First the uploaded files the models named before the blob store (under the old uploads
folder) are written into the source store and their rows renamed to the content-addressed
name. Then every file a Blob row names is streamed from the source to the target, and read
back from the target to check its hash. Restartable: a file already in the target is only
verified. Source files are left in place; nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import models

from referencement.files.file_storage import content_addressed_name, sha256_of_name
from referencement.files.models import Blob
from referencement.files.storage import store_blob
from referencement.lib.blobstore import BlobStore

CHUNK = 1024 * 1024
NO_LIMIT = 1 << 62
FileProgress = Callable[[int, int], None]


@dataclass
class MigrationReport:
    adopted: int = 0
    copied: int = 0
    verified: int = 0
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


def digest_in(store: BlobStore, sha256: str) -> str:
    digest = hashlib.sha256()
    with store.open(sha256) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, item.name)
        for model in apps.get_models()
        for item in model._meta.concrete_fields
        if isinstance(item, models.FileField)
    ]


def adopt_legacy_files(store: BlobStore, legacy_root: Path, report: MigrationReport) -> None:
    """Uploaded files named before the blob store: into `store`, their rows renamed."""
    for model, name in _file_fields():
        rows = model._default_manager.exclude(**{name: ""}).values_list("pk", name)
        for pk, old_name in rows.iterator():
            if sha256_of_name(old_name) is not None:
                continue
            path = Path(legacy_root) / old_name
            if not path.is_file():
                report.missing.append(old_name)
                continue
            with store.writer(NO_LIMIT) as writer, path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    writer.write(chunk)
                pending = writer.finish()
            blob = store_blob(pending, store)
            new_name = content_addressed_name(old_name, blob.sha256)
            model._default_manager.filter(pk=pk).update(**{name: new_name})
            report.adopted += 1


def copy_blobs(
    source: BlobStore,
    target: BlobStore,
    report: MigrationReport,
    on_file: FileProgress | None = None,
) -> None:
    hashes = list(Blob.objects.order_by("pk").values_list("sha256", flat=True))
    for done, sha256 in enumerate(hashes, start=1):
        _copy_one(source, target, sha256, report)
        if on_file:
            on_file(done, len(hashes))


def _copy_one(source: BlobStore, target: BlobStore, sha256: str, report: MigrationReport) -> None:
    if target.exists(sha256):
        if digest_in(target, sha256) == sha256:
            report.verified += 1
        else:
            report.altered.append(sha256)
        return
    if not source.exists(sha256):
        report.missing.append(sha256)
        return
    with target.writer(NO_LIMIT) as writer, source.open(sha256) as handle:
        while chunk := handle.read(CHUNK):
            writer.write(chunk)
        pending = writer.finish()
    if pending.sha256 != sha256:
        pending.discard()
        report.altered.append(sha256)
        return
    target.commit(pending)
    if digest_in(target, sha256) == sha256:
        report.copied += 1
    else:
        report.altered.append(sha256)


def migrate_storage(
    source: BlobStore,
    target: BlobStore,
    legacy_root: Path,
    on_file: FileProgress | None = None,
) -> MigrationReport:
    report = MigrationReport()
    adopt_legacy_files(source, legacy_root, report)
    copy_blobs(source, target, report, on_file)
    return report
