"""Content-addressed file storage: `<root>/ab/cd/<sha256>`, written once, never overwritten.

Django-free. A writer streams a file in chunks into a temporary file while hashing and
counting it, and aborts past its size limit; `commit` then moves it to its final name. A
writer is a context manager: a block left without `finish` (the source failed mid-way)
closes and deletes its temporary file. The interface (`BlobStore`, `BlobWriter`,
`PendingBlob`) is implemented here for local files and in `s3blobstore` for S3-compatible
object storage (issue 15 item 7); both spool what they receive in `temp_dir`, a local
folder (resumable uploads are assembled there too).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from .sniffing import SNIFF_BYTES, sniff


class TooLarge(Exception):
    """The file exceeds the writer's limit; nothing is kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass
class PendingBlob:
    """A fully received file, not yet stored under its name."""

    sha256: str
    size: int
    content_type: str
    head: bytes
    temp_path: Path | None = field(default=None, repr=False)

    def discard(self) -> None:
        if self.temp_path is not None:
            self.temp_path.unlink(missing_ok=True)
            self.temp_path = None


@dataclass(frozen=True)
class StoredBlob:
    """A file found in a store: its hash (its name) and when it was written (epoch seconds)."""

    sha256: str
    modified: float


def blob_key(sha256: str) -> str:
    """Where a file lives in a store: `ab/cd/<sha256>`."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def is_sha256(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


class BlobWriter(Protocol):
    def __enter__(self) -> BlobWriter: ...
    def __exit__(self, *exc: object) -> None: ...
    def write(self, chunk: bytes) -> None: ...
    def finish(self) -> PendingBlob: ...
    def abort(self) -> None: ...


class BlobStore(Protocol):
    temp_dir: Path

    def writer(self, limit: int, limit_for: LimitFor | None = None) -> BlobWriter: ...
    def adopt(self, path: Path, limit: int, limit_for: LimitFor | None = None) -> PendingBlob: ...
    def commit(self, pending: PendingBlob) -> bool: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def exists(self, sha256: str) -> bool: ...
    def local_copy(self, sha256: str) -> AbstractContextManager[Path]: ...
    def blobs(self) -> Iterator[StoredBlob]: ...
    def delete(self, sha256: str) -> None: ...


class LimitFor(Protocol):
    def __call__(self, content_type: str) -> int: ...


class FileSystemWriter:
    def __init__(self, temp_dir: Path, limit: int, limit_for: LimitFor | None) -> None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=temp_dir, prefix="upload-")
        self._file = os.fdopen(handle, "wb")
        self._path = Path(name)
        self._hash = hashlib.sha256()
        self._size = 0
        self._head = b""
        self._limit = limit
        self._limit_for = limit_for
        self._content_type: str | None = None

    def __enter__(self) -> FileSystemWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._file.closed:  # neither finished nor aborted: nothing is kept
            self.abort()

    def write(self, chunk: bytes) -> None:
        if self._content_type is None and len(self._head) < SNIFF_BYTES:
            self._head += chunk[: SNIFF_BYTES - len(self._head)]
            if len(self._head) >= SNIFF_BYTES:
                self._decide_type()
        self._size += len(chunk)
        if self._size > self._limit:
            self.abort()
            raise TooLarge(self._limit)
        self._hash.update(chunk)
        self._file.write(chunk)

    def _decide_type(self) -> None:
        self._content_type = sniff(self._head)
        if self._limit_for is not None:
            self._limit = min(self._limit, self._limit_for(self._content_type))

    def finish(self) -> PendingBlob:
        if self._content_type is None:
            self._decide_type()
            if self._size > self._limit:
                self.abort()
                raise TooLarge(self._limit)
        self._file.close()
        return PendingBlob(
            sha256=self._hash.hexdigest(),
            size=self._size,
            content_type=self._content_type or "",
            head=self._head,
            temp_path=self._path,
        )

    def abort(self) -> None:
        self._file.close()
        self._path.unlink(missing_ok=True)


def adopt(path: Path, limit: int, limit_for: LimitFor | None = None) -> PendingBlob:
    """A file already received whole in the temporary area (a resumable upload, sent in
    several requests), hashed, sniffed and held to the limits like a streamed one,
    without being copied. Past its limit it is deleted and TooLarge raised."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        digest.update(head)
        content_type = sniff(head)
        allowed = min(limit, limit_for(content_type)) if limit_for else limit
        if size > allowed:
            path.unlink(missing_ok=True)
            raise TooLarge(allowed)
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return PendingBlob(digest.hexdigest(), size, content_type, head, temp_path=path)


class FileSystemBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.temp_dir = self.root / "tmp"

    def path(self, sha256: str) -> Path:
        return self.root / blob_key(sha256)

    def writer(self, limit: int, limit_for: LimitFor | None = None) -> FileSystemWriter:
        return FileSystemWriter(self.temp_dir, limit, limit_for)

    def adopt(self, path: Path, limit: int, limit_for: LimitFor | None = None) -> PendingBlob:
        return adopt(path, limit, limit_for)

    def commit(self, pending: PendingBlob) -> bool:
        """Store the file under its hash; True when it was new. Existing content is never
        touched: the same hash means the same bytes."""
        if pending.temp_path is None:
            raise ValueError("Fichier déjà enregistré ou abandonné.")
        target = self.path(pending.sha256)
        if target.exists():
            pending.discard()
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(pending.temp_path, 0o440)
        try:
            # link() fails if the target appeared meanwhile: never overwrite.
            os.link(pending.temp_path, target)
        except FileExistsError:
            return False
        finally:
            pending.discard()
        return True

    def open(self, sha256: str) -> BinaryIO:
        return self.path(sha256).open("rb")

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    @contextmanager
    def local_copy(self, sha256: str) -> Iterator[Path]:
        """The file's own path: nothing to copy."""
        yield self.path(sha256)

    def blobs(self) -> Iterator[StoredBlob]:
        for path in self.root.glob("[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*"):
            if is_sha256(path.name) and path.is_file():
                yield StoredBlob(path.name, path.stat().st_mtime)

    def delete(self, sha256: str) -> None:
        """Only for a file no row names (the storage cleanup): stored files are immutable."""
        self.path(sha256).unlink(missing_ok=True)
