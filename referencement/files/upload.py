"""A Django upload handler that streams each file into the blob store while hashing,
counting and sniffing it, and skips it past its size limit: no upload is held whole in
memory nor copied twice (issue 4 item 4)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from ninja.errors import HttpError

from referencement.lib.blobstore import FileSystemWriter, PendingBlob, TooLarge

from .storage import blob_store, describe_size


class BlobUpload(UploadedFile):
    """A received file waiting in the store's temporary area; `pending` is what an action
    commits. Closing it (Django does at the end of the request) drops it if uncommitted."""

    def __init__(self, pending: PendingBlob, name: str) -> None:
        super().__init__(file=None, name=name, content_type=pending.content_type, size=pending.size)
        self.pending = pending

    def open(self, mode: str = "rb"):
        return self.pending.temp_path.open(mode)

    def read_all(self) -> bytes:
        with self.open() as handle:
            return handle.read()

    def close(self) -> None:
        self.pending.discard()


class BlobUploadHandler(FileUploadHandler):
    chunk_size = 256 * 1024

    def __init__(self, request, *, limit: int, limit_for: Callable[[str], int] | None = None):
        super().__init__(request)
        self.limit = limit
        self.limit_for = limit_for
        self.writer: FileSystemWriter | None = None
        request.upload_errors = {}

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.writer = blob_store().writer(self.limit, self.limit_for)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        try:
            self.writer.write(raw_data)
        except TooLarge as too_large:
            self.writer = None
            self.request.upload_errors[self.field_name] = (
                f"Le fichier « {self.file_name} » dépasse la taille maximale autorisée "
                f"({describe_size(too_large.limit)})."
            )
            raise SkipFile from too_large
        return None

    def file_complete(self, file_size: int) -> BlobUpload | None:
        if self.writer is None:
            return None
        try:
            pending = self.writer.finish()
        except TooLarge:
            return None
        self.writer = None
        return BlobUpload(pending, self.file_name)

    def upload_interrupted(self) -> None:
        self.drop_unfinished()

    def drop_unfinished(self) -> None:
        """Closes and deletes a file left half-received: Django tells of an interrupted
        upload, but not of a body that failed mid-file (the client left)."""
        if self.writer is not None:
            self.writer.abort()
            self.writer = None


def upload_errors(request) -> dict[str, str]:
    """The French refusals of the streaming handler, by form field (empty when none)."""
    return getattr(request, "upload_errors", None) or {}


def refuse_oversized_file(request) -> None:
    """API: a file refused while streaming (too large) is a 413 with its French message."""
    message = upload_errors(request).get("file")
    if message:
        raise HttpError(413, message)
