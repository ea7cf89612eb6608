"""The type of a file from its first bytes, never from its name (issue 4: uploads sniffed).

Small on purpose: the formats editors deposit as evidence (PDF, images, videos, archives,
XML documents, HL7 v2 and e-mail messages, text and CSV). Anything else is
``application/octet-stream``.
"""

from __future__ import annotations

import re

SNIFF_BYTES = 4096
OCTET_STREAM = "application/octet-stream"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"MSH|", "application/hl7-v2"),
)
_MAIL_HEADER = re.compile(
    rb"^(From|To|Subject|MIME-Version|Received|Message-ID|Date|Return-Path):", re.I | re.M
)
_BOM = b"\xef\xbb\xbf"


def sniff(head: bytes) -> str:
    """The MIME type of content starting with `head` (give it at least SNIFF_BYTES)."""
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video/x-msvideo"
    text = _as_text(head)
    if text is None:
        return OCTET_STREAM
    stripped = text.lstrip()
    if stripped.startswith("<?xml") or stripped.startswith("<"):
        return "application/xml"
    if _MAIL_HEADER.search(head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]):
        return "message/rfc822"
    first_line = stripped.split("\n", 1)[0]
    if first_line.count(";") >= 2 or first_line.count(",") >= 2:
        return "text/csv"
    return "text/plain"


def _as_text(head: bytes) -> str | None:
    """`head` decoded as UTF-8 (a cut multi-byte character at the end is tolerated)."""
    body = head[len(_BOM) :] if head.startswith(_BOM) else head
    if b"\x00" in body:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(body) - 3:
            return None
        return body[: error.start].decode("utf-8")


def is_video(mime: str) -> bool:
    return mime.startswith("video/")
