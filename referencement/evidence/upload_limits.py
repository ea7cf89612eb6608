"""The size limits of an evidence file by its type, and what an item's upload field accepts."""

from __future__ import annotations

from django.conf import settings

from referencement.files.storage import describe_size
from referencement.lib.sniffing import is_video


def evidence_limit(content_type: str) -> int:
    """Issue 4: videos up to EVIDENCE_MAX_VIDEO_BYTES, every other file EVIDENCE_MAX_FILE_BYTES."""
    if is_video(content_type):
        return settings.EVIDENCE_MAX_VIDEO_BYTES
    return settings.EVIDENCE_MAX_FILE_BYTES


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
