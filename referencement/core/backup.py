"""Backup and restore of a whole instance (001 §3.2.7 SC.SSI/GEN.21).

A backup is a folder: `database.json.gz` (every row, dumped in one snapshot transaction),
`files/` (the blob store's files under `evidence/ab/cd/<sha256>`, and the uploads written
before the blob store under `media/`) and `manifest.json` (SHA-256 and size of every file,
and the row count of every model). Blobs are immutable and written before the rows that name
them, so copying the files after the dump gives a consistent snapshot. Blobs are read from
and restored into the configured store, local files or S3 (issue 15 item 7).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

import referencement
from referencement.files.storage import blob_store
from referencement.lib.blobstore import BlobStore, blob_key, is_sha256
from referencement.lib.french import plural

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
CHUNK = 1024 * 1024
FileProgress = Callable[[int, int], None]
NO_LIMIT = 1 << 62


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why, in French."""


@dataclass(frozen=True)
class FileRoot:
    name: str
    path: Path


def file_roots() -> list[FileRoot]:
    return [
        FileRoot("evidence", Path(settings.EVIDENCE_ROOT)),
        FileRoot("media", Path(settings.STORAGES["default"]["OPTIONS"]["legacy_location"])),
    ]


def _file_sources() -> list[tuple[str, Callable[[], BinaryIO]]]:
    """Each file to back up: its path in the backup, and how to open it."""
    store = blob_store()
    sources = [
        (f"evidence/{blob_key(sha256)}", partial(store.open, sha256))
        for sha256 in sorted(stored.sha256 for stored in store.blobs())
    ]
    media = file_roots()[1].path
    if media.exists():
        sources += [
            (f"media/{path.relative_to(media).as_posix()}", partial(path.open, "rb"))
            for path in sorted(media.rglob("*"))
            if path.is_file()
        ]
    return sources


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _row_counts() -> dict[str, int]:
    excluded = {label for label in EXCLUDED if "." in label}
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in excluded:
            continue
        counts[label] = model._default_manager.count()
    return counts


def backup(destination: Path, progress=print, on_file: FileProgress | None = None) -> dict:
    """``progress(message)`` tells each phase, ``on_file(files copied, files)`` each copy."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"Le dossier {destination} n'est pas vide.")
    destination.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        progress("Export de la base de données…")
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            output=str(destination / "database.json.gz"),
            verbosity=0,
        )
        counts = _row_counts()
    files = []
    sources = _file_sources()
    for done, (relative, open_source) in enumerate(sources, start=1):
        target = destination / "files" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open_source() as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        files.append({"path": relative, "sha256": sha256_of(target), "size": target.stat().st_size})
        if on_file:
            on_file(done, len(sources))
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "platform_version": referencement.__version__,
        "database": {
            "file": "database.json.gz",
            "sha256": sha256_of(destination / "database.json.gz"),
        },
        "row_counts": counts,
        "files": files,
    }
    (destination / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    progress(f"Sauvegarde terminée : {_rows_and_files(sum(counts.values()), len(files))}.")
    return manifest


def _contained(base: Path, relative: str) -> Path:
    """A manifest path is trusted only inside its folder (issue 16 item 8): no absolute
    path, no `..`, no symbolic link leading out."""
    path = (base / relative).resolve()
    if Path(relative).is_absolute() or not path.is_relative_to(base.resolve()):
        raise BackupError(f"Chemin hors des dossiers de la sauvegarde : {relative}")
    return path


def _verified_manifest(source: Path) -> dict:
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(
            f"{source} ne contient pas de manifest.json : ce n'est pas une sauvegarde."
        )
    manifest = json.loads(manifest_path.read_text())
    _contained(source, manifest["database"]["file"])
    roots = {root.name for root in file_roots()}
    for entry in manifest["files"]:
        _contained(source / "files", entry["path"])
        root_name, _, relative = entry["path"].partition("/")
        if root_name not in roots or not relative:
            raise BackupError(f"Chemin hors des dossiers de la plateforme : {entry['path']}")
        name = relative.rpartition("/")[2]
        if root_name == "evidence" and not (is_sha256(name) and relative == blob_key(name)):
            raise BackupError(f"Chemin hors des dossiers de la plateforme : {entry['path']}")
    if sha256_of(source / manifest["database"]["file"]) != manifest["database"]["sha256"]:
        raise BackupError("L'export de la base de données est altéré (empreinte différente).")
    for entry in manifest["files"]:
        path = source / "files" / entry["path"]
        if not path.exists() or sha256_of(path) != entry["sha256"]:
            raise BackupError(f"Fichier absent ou altéré dans la sauvegarde : {entry['path']}")
    return manifest


def restore(source: Path, progress=print, on_file: FileProgress | None = None) -> dict:
    """Restore into an empty, migrated instance; every file and the row counts are checked.
    ``progress`` and ``on_file`` as for :func:`backup`."""
    source = Path(source)
    manifest = _verified_manifest(source)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if user_model.objects.exists():
        raise BackupError(
            "L'instance n'est pas vide : la restauration se fait dans une instance neuve."
        )
    media = file_roots()[1].path
    store = blob_store()
    with transaction.atomic():
        progress("Import de la base de données…")
        call_command("loaddata", str(source / manifest["database"]["file"]), verbosity=0)
        counts = _row_counts()
        different = {
            label: (expected, counts.get(label))
            for label, expected in manifest["row_counts"].items()
            if counts.get(label) != expected
        }
        if different:
            raise BackupError(f"Nombre de lignes différent après import : {different}")
    for done, entry in enumerate(manifest["files"], start=1):
        root_name, _, relative = entry["path"].partition("/")
        if root_name == "evidence":
            _restore_blob(store, source / "files" / entry["path"], entry)
        else:
            target = _contained(media, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / "files" / entry["path"], target)
            if sha256_of(target) != entry["sha256"]:
                raise BackupError(f"Copie altérée : {entry['path']}")
        if on_file:
            on_file(done, len(manifest["files"]))
    if connection.vendor == "postgresql":
        _reset_sequences()
    progress(
        f"Restauration terminée : {_rows_and_files(sum(counts.values()), len(manifest['files']))}."
    )
    return manifest


def _restore_blob(store: BlobStore, path: Path, entry: dict) -> None:
    """Into the configured store (local or S3), streamed; its hash must be its name."""
    with store.writer(NO_LIMIT) as writer, path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            writer.write(chunk)
        pending = writer.finish()
    if pending.sha256 != entry["sha256"] or entry["path"] != f"evidence/{blob_key(pending.sha256)}":
        pending.discard()
        raise BackupError(f"Copie altérée : {entry['path']}")
    store.commit(pending)


def _rows_and_files(rows: int, files: int) -> str:
    return f"{plural(rows, 'ligne', 'lignes')}, {plural(files, 'fichier', 'fichiers')}"


def _reset_sequences() -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
