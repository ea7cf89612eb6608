"""The models' uploaded files (charters, REM imports, conventions, minutes, attestations,
representatives' documents) in the content-addressed blob store (issue 15 item 7).

A saved file is named `<upload_to folder>/<sha256><extension>`; its bytes live in the blob
store (local files or S3) and a Blob row keeps them from the storage cleanup. A name written
before (any other name) is still read from the old folder of uploads, `legacy_location`;
`referencement storage migrate` moves those files into the blob store.
"""

from __future__ import annotations

import posixpath
import re

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.deconstruct import deconstructible

from .models import Blob
from .storage import blob_store, store_blob

NAME = re.compile(r"^(?:.*/)?(?P<sha256>[0-9a-f]{64})(?P<extension>\.[A-Za-z0-9]{1,10})?$")
CHUNK = 1024 * 1024
# A model's file is one of the platform's documents or an upload held to the form's limits.
MAX_BYTES = 4 * 1024 * 1024 * 1024


def sha256_of_name(name: str) -> str | None:
    """The hash a content-addressed name holds; None for a name written before."""
    match = NAME.match(name)
    return match["sha256"] if match else None


def content_addressed_name(name: str, sha256: str) -> str:
    folder = posixpath.dirname(name)
    extension = posixpath.splitext(name)[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", extension):
        extension = ""
    return posixpath.join(folder, f"{sha256}{extension}")


@deconstructible
class BlobFileStorage(Storage):
    def __init__(self, legacy_location: str | None = None) -> None:
        self.legacy = FileSystemStorage(location=legacy_location)

    def _save(self, name: str, content) -> str:
        with blob_store().writer(MAX_BYTES) as writer:
            for chunk in content.chunks(CHUNK):
                writer.write(chunk)
            pending = writer.finish()
        store_blob(pending)
        return content_addressed_name(name, pending.sha256)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # The final name is the content's hash (same content, same name): nothing to avoid.
        return name

    def _open(self, name: str, mode: str = "rb"):
        sha256 = sha256_of_name(name)
        if sha256 is None:
            return self.legacy.open(name, mode)
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Les fichiers enregistrés ne sont jamais modifiés.")
        return File(blob_store().open(sha256), name=name)

    def exists(self, name: str) -> bool:
        sha256 = sha256_of_name(name)
        return self.legacy.exists(name) if sha256 is None else blob_store().exists(sha256)

    def size(self, name: str) -> int:
        sha256 = sha256_of_name(name)
        if sha256 is None:
            return self.legacy.size(name)
        return Blob.objects.get(sha256=sha256).size

    def delete(self, name: str) -> None:
        """Stored content is never deleted (DESIGN §6); a name written before may be."""
        if sha256_of_name(name) is None:
            self.legacy.delete(name)

    def url(self, name: str) -> str:
        raise NotImplementedError("Les fichiers sont servis par les vues qui vérifient l'accès.")

    def path(self, name: str) -> str:
        raise NotImplementedError("Les fichiers enregistrés n'ont pas de chemin local.")
