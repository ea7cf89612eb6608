"""Content-addressed file storage in an S3-compatible bucket (issue 15 item 7): the object
`ab/cd/<sha256>`, written once, never overwritten.

Django-free. A writer spools the received chunks to a local temporary file while hashing
them (never the whole file in memory); `commit` sends the file as a multipart upload, part
by part, under its content-addressed key. Reads stream the object; a seek starts a new
ranged GET (`Range: bytes=N-`), so a byte-range download never fetches the rest.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from .blobstore import (
    FileSystemWriter,
    LimitFor,
    PendingBlob,
    StoredBlob,
    adopt,
    blob_key,
    is_sha256,
)

# S3's smallest part is 5 MiB; two parts in flight bound the memory an upload uses.
PART_BYTES = 8 * 1024 * 1024
TRANSFER = TransferConfig(
    multipart_threshold=PART_BYTES,
    multipart_chunksize=PART_BYTES,
    max_concurrency=2,
    max_io_queue=4,
)
READ_CHUNK = 64 * 1024


def s3_client(*, endpoint_url: str, access_key_id: str, secret_access_key: str, region: str):
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url or None,
        aws_access_key_id=access_key_id or None,
        aws_secret_access_key=secret_access_key or None,
        region_name=region,
        config=Config(
            retries={"max_attempts": 5, "mode": "standard"},
            # Checksums only where the operation requires them: S3-compatible servers
            # other than AWS do not all accept the newer default ones.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


def _missing(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}


class S3Reader:
    """A read-only, seekable file over one object. Each read continues the current GET's
    stream; a seek elsewhere closes it and the next read opens a ranged one. No fileno(): a
    server iterates it."""

    def __init__(self, client, bucket: str, key: str, size: int) -> None:
        self._client = client
        self._bucket = bucket
        self._key = key
        self._size = size
        self._position = 0
        self._body = None
        self.closed = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._position, 2: self._size}[whence]
        position = max(base + offset, 0)
        if position != self._position:
            self._drop_body()
            self._position = position
        return position

    def read(self, size: int = -1) -> bytes:
        if self._position >= self._size:
            return b""
        if self._body is None:
            response = self._client.get_object(
                Bucket=self._bucket, Key=self._key, Range=f"bytes={self._position}-"
            )
            self._body = response["Body"]
        data = self._body.read() if size is None or size < 0 else self._body.read(size)
        self._position += len(data)
        return data

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(READ_CHUNK):
            yield chunk

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop_body()
        self.closed = True

    def __enter__(self) -> S3Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class S3BlobStore:
    def __init__(self, client, bucket: str, temp_dir: Path) -> None:
        self.client = client
        self.bucket = bucket
        self.temp_dir = Path(temp_dir)

    def writer(self, limit: int, limit_for: LimitFor | None = None) -> FileSystemWriter:
        return FileSystemWriter(self.temp_dir, limit, limit_for)

    def adopt(self, path: Path, limit: int, limit_for: LimitFor | None = None) -> PendingBlob:
        return adopt(path, limit, limit_for)

    def commit(self, pending: PendingBlob) -> bool:
        """Upload the spooled file under its hash; True when it was new. An existing object
        is never replaced. Two uploads of the same new content racing each other write the
        same bytes under the same key (the transfer manager offers no conditional write)."""
        if pending.temp_path is None:
            raise ValueError("Fichier déjà enregistré ou abandonné.")
        try:
            if self.exists(pending.sha256):
                return False
            self.client.upload_file(
                str(pending.temp_path),
                self.bucket,
                blob_key(pending.sha256),
                ExtraArgs={"ContentType": "application/octet-stream"},
                Config=TRANSFER,
            )
            return True
        finally:
            pending.discard()

    def size(self, sha256: str) -> int:
        head = self.client.head_object(Bucket=self.bucket, Key=blob_key(sha256))
        return head["ContentLength"]

    def open(self, sha256: str) -> BinaryIO:
        try:
            size = self.size(sha256)
        except ClientError as error:
            if _missing(error):
                raise FileNotFoundError(blob_key(sha256)) from error
            raise
        return S3Reader(self.client, self.bucket, blob_key(sha256), size)  # type: ignore[return-value]

    def exists(self, sha256: str) -> bool:
        try:
            self.size(sha256)
        except ClientError as error:
            if _missing(error):
                return False
            raise
        return True

    @contextmanager
    def local_copy(self, sha256: str) -> Iterator[Path]:
        """The object downloaded (in parts, streamed to disk) into the temporary area, for a
        reader that needs a path; removed afterwards."""
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.temp_dir, prefix="download-")
        path = Path(name)
        try:
            with open(handle, "wb") as target:
                self.client.download_fileobj(self.bucket, blob_key(sha256), target, Config=TRANSFER)
            yield path
        finally:
            path.unlink(missing_ok=True)

    def blobs(self) -> Iterator[StoredBlob]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        for page in pages:
            for item in page.get("Contents", []):
                name = item["Key"].rpartition("/")[2]
                if is_sha256(name) and item["Key"] == blob_key(name):
                    yield StoredBlob(name, item["LastModified"].timestamp())

    def delete(self, sha256: str) -> None:
        """Only for a file no row names (the storage cleanup): stored objects are immutable."""
        self.client.delete_object(Bucket=self.bucket, Key=blob_key(sha256))
