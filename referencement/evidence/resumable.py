"""Evidence files received in several requests (the tus protocol, tus.py): each upload is a
data file and a small JSON description in the blob store's temporary area, both named
`upload-tus-<id>…`, so the storage sweep (cleanup.py) removes an abandoned one like any
unfinished upload. The data file's size is the upload's offset. Once complete, the file is
hashed and sniffed where it lies and handed to the deposit action as a PendingBlob."""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.http import UnreadablePostError

from referencement.files.storage import blob_store, describe_size
from referencement.lib.blobstore import PendingBlob, TooLarge
from referencement.lib.sniffing import SNIFF_BYTES, sniff

from .upload_limits import evidence_limit

READ_BYTES = 256 * 1024


class Busy(Exception):
    """Another request is appending to the same upload."""


class OffsetMismatch(Exception):
    """The request's Upload-Offset is not where the upload stands."""


def max_size() -> int:
    return max(settings.EVIDENCE_MAX_VIDEO_BYTES, settings.EVIDENCE_MAX_FILE_BYTES)


def too_large_message(filename: str, limit: int) -> str:
    return (
        f"Le fichier « {filename} » dépasse la taille maximale autorisée ({describe_size(limit)})."
    )


@dataclass(frozen=True)
class ResumableUpload:
    id: str
    candidature_id: int
    user_id: int
    length: int
    filename: str

    @staticmethod
    def _folder() -> Path:
        return blob_store().temp_dir

    @property
    def data_path(self) -> Path:
        return self._folder() / f"upload-tus-{self.id}"

    @property
    def description_path(self) -> Path:
        return self._folder() / f"upload-tus-{self.id}.json"

    @property
    def offset(self) -> int:
        return self.data_path.stat().st_size

    @property
    def complete(self) -> bool:
        return self.offset == self.length

    @classmethod
    def create(cls, *, candidature_id: int, user_id: int, length: int, filename: str):
        upload = cls(str(uuid.uuid4()), candidature_id, user_id, length, Path(filename).name[:255])
        cls._folder().mkdir(parents=True, exist_ok=True)
        upload.data_path.touch(exist_ok=False)
        upload.description_path.write_text(json.dumps(asdict(upload)))
        return upload

    @classmethod
    def find(cls, upload_id: uuid.UUID) -> ResumableUpload | None:
        path = cls._folder() / f"upload-tus-{uuid.UUID(str(upload_id))}.json"
        try:
            description = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            return None
        upload = cls(**description)
        return upload if upload.data_path.exists() else None

    def append(self, stream, offset: int, content_length: int | None) -> int:
        """Write the request body at `offset`; return the new offset. The body may stop short
        (a dropped connection): what arrived is kept, and the client resumes from there. A
        file whose sniffed type has a lower limit than its length is refused (TooLarge) and
        deleted as soon as its first bytes show its type."""
        with self.data_path.open("r+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as busy:
                raise Busy from busy
            current = os.fstat(handle.fileno()).st_size
            if offset != current:
                raise OffsetMismatch
            handle.seek(current)
            remaining = self.length - current
            if content_length is not None:
                remaining = min(remaining, content_length)
            checked = current >= SNIFF_BYTES
            try:
                while remaining > 0:
                    chunk = stream.read(min(READ_BYTES, remaining))
                    if not chunk:
                        break
                    handle.write(chunk)
                    current += len(chunk)
                    remaining -= len(chunk)
                    if not checked and (current >= SNIFF_BYTES or current == self.length):
                        handle.flush()
                        self._check_type_limit()
                        checked = True
            except (ConnectionError, UnreadablePostError):
                # The connection dropped mid-body: keep what arrived.
                pass
            finally:
                handle.flush()
        os.utime(self.description_path)
        return current

    def _check_type_limit(self) -> None:
        with self.data_path.open("rb") as handle:
            limit = evidence_limit(sniff(handle.read(SNIFF_BYTES)))
        if self.length > limit:
            self.terminate()
            raise TooLarge(limit)

    def pending(self) -> PendingBlob:
        """The complete file, hashed and sniffed in place; its description is removed (the
        PendingBlob's owner discards or commits the data)."""
        pending = blob_store().adopt(self.data_path, max_size(), evidence_limit)
        self.description_path.unlink(missing_ok=True)
        return pending

    def terminate(self) -> None:
        self.data_path.unlink(missing_ok=True)
        self.description_path.unlink(missing_ok=True)
