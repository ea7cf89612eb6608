"""The blob store configured by the settings (local files or S3-compatible object storage,
issue 15 item 7), and the recording of a received file in it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from referencement.lib.blobstore import BlobStore, FileSystemBlobStore, PendingBlob

from .models import Blob


def blob_store() -> BlobStore:
    """The one place that picks the backend: REFERENCEMENT_STORAGE = local | s3."""
    return store_for(settings.REFERENCEMENT_STORAGE)


def store_for(backend: str) -> BlobStore:
    root = Path(settings.EVIDENCE_ROOT)
    if backend == "s3":
        return _s3_store(
            settings.REFERENCEMENT_S3_ENDPOINT_URL,
            settings.REFERENCEMENT_S3_BUCKET,
            settings.REFERENCEMENT_S3_ACCESS_KEY_ID,
            settings.REFERENCEMENT_S3_SECRET_ACCESS_KEY,
            settings.REFERENCEMENT_S3_REGION,
            root / "tmp",
        )
    return FileSystemBlobStore(root)


@cache
def _s3_store(endpoint, bucket, key_id, secret, region, temp_dir: Path) -> BlobStore:
    """One client per configuration (a boto3 client is thread-safe and costly to build)."""
    from referencement.lib.s3blobstore import S3BlobStore, s3_client

    client = s3_client(
        endpoint_url=endpoint, access_key_id=key_id, secret_access_key=secret, region=region
    )
    return S3BlobStore(client, bucket, temp_dir)


def describe_size(size: int) -> str:
    """« 200 Mo », « 2 Go » (French units)."""
    mega = size / (1024 * 1024)
    return f"{mega / 1024:.0f} Go" if mega >= 1024 else f"{mega:.0f} Mo"


def store_blob(pending: PendingBlob, store: BlobStore | None = None) -> Blob:
    """Move a received file into the store (the configured one unless `store` is given) and
    return its row; content stored once."""
    (store or blob_store()).commit(pending)
    blob, _ = Blob.objects.get_or_create(
        sha256=pending.sha256,
        defaults={"size": pending.size, "content_type": pending.content_type},
    )
    return blob
