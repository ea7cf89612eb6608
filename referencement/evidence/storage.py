"""The evidence blob store configured by the settings, and the size limits per file type."""

from __future__ import annotations

from django.conf import settings

from referencement.lib.blobstore import FileSystemBlobStore, PendingBlob
from referencement.lib.sniffing import is_video

from .models import Blob


def blob_store() -> FileSystemBlobStore:
    return FileSystemBlobStore(settings.EVIDENCE_ROOT)


def evidence_limit(content_type: str) -> int:
    """Issue 4: videos up to EVIDENCE_MAX_VIDEO_BYTES, every other file EVIDENCE_MAX_FILE_BYTES."""
    if is_video(content_type):
        return settings.EVIDENCE_MAX_VIDEO_BYTES
    return settings.EVIDENCE_MAX_FILE_BYTES


def describe_size(size: int) -> str:
    """« 200 Mo », « 2 Go » (French units)."""
    mega = size / (1024 * 1024)
    return f"{mega / 1024:.0f} Go" if mega >= 1024 else f"{mega:.0f} Mo"


def upload_hint(video: bool) -> str:
    """What the upload field of an item accepts, in French (the type is sniffed)."""
    video_limit = describe_size(settings.EVIDENCE_MAX_VIDEO_BYTES)
    if video:
        return f"Vidéo MP4, MOV, WebM ou AVI jusqu'à {video_limit}."
    return (
        "PDF, image PNG, JPEG ou GIF, XML (CDA), archive ZIP (IHE_XDM), message HL7 ou e-mail, "
        f"CSV ou texte jusqu'à {describe_size(settings.EVIDENCE_MAX_FILE_BYTES)} ; "
        f"vidéo jusqu'à {video_limit}."
    )


def store_blob(pending: PendingBlob) -> Blob:
    """Move a received file into the store and return its row; content stored once."""
    blob_store().commit(pending)
    blob, _ = Blob.objects.get_or_create(
        sha256=pending.sha256,
        defaults={"size": pending.size, "content_type": pending.content_type},
    )
    return blob
