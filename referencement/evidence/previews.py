"""What the preview page of a file shows, decided by its sniffed type (never its name):
the browser's own viewer for images, PDF and video; our escaped text for text, HL7 v2 and
e-mail; a CDA three ways (rendered narrative, raw XML, conformity report); the entries of a
zip archive (an IHE_XDM package), each one viewable in turn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from referencement.conformity.cda_display import CdaDisplay, display_cda
from referencement.conformity.safezip import SafeZipError, iter_entries
from referencement.conformity.xmlsafe import MAX_XML_BYTES
from referencement.lib.sniffing import SNIFF_BYTES, sniff

# Text shown in the page is capped; the whole file stays one click away (download).
MAX_TEXT_BYTES = 1024 * 1024
TEXT_TYPES = frozenset({"text/plain", "text/csv", "application/hl7-v2", "message/rfc822"})
BROWSER_VIEWERS = {
    "application/pdf": "pdf",
    "image/png": "image",
    "image/jpeg": "image",
    "image/gif": "image",
    "video/mp4": "video",
    "video/webm": "video",
    "video/quicktime": "video",
}

Reader = Callable[[int], bytes]  # the first n bytes of the file (-1: all of it)


@dataclass(frozen=True)
class ArchiveEntry:
    index: int
    name: str
    size: int
    content_type: str


@dataclass
class Preview:
    kind: str  # image | pdf | video | text | cda | xml | archive | none
    text: str = ""
    truncated: bool = False
    cda: CdaDisplay | None = None
    entries: list[ArchiveEntry] = field(default_factory=list)
    error: str = ""


def preview_of(content_type: str, size: int, read: Reader, *, max_archive_bytes: int) -> Preview:
    if content_type in BROWSER_VIEWERS:
        return Preview(kind=BROWSER_VIEWERS[content_type])
    if content_type in TEXT_TYPES:
        return Preview(
            kind="text",
            text=read(MAX_TEXT_BYTES).decode("utf-8", "replace"),
            truncated=size > MAX_TEXT_BYTES,
        )
    if content_type == "application/xml":
        return _xml_preview(size, read)
    if content_type == "application/zip":
        if size > max_archive_bytes:
            return Preview(kind="none", error="Archive trop volumineuse pour être listée ici.")
        try:
            return Preview(kind="archive", entries=archive_entries(read(-1)))
        except SafeZipError as refused:
            return Preview(kind="none", error=str(refused))
    return Preview(kind="none")


def _xml_preview(size: int, read: Reader) -> Preview:
    if size > MAX_XML_BYTES:
        return Preview(
            kind="text",
            text=read(MAX_TEXT_BYTES).decode("utf-8", "replace"),
            truncated=True,
            error="Document XML trop volumineux pour être mis en forme : début du texte brut.",
        )
    data = read(-1)
    raw = data.decode("utf-8", "replace")
    cda = display_cda(data)
    if cda is None:
        return Preview(kind="xml", text=raw)
    return Preview(kind="cda", text=raw, cda=cda)


def archive_entries(data: bytes) -> list[ArchiveEntry]:
    """The files of a zip archive, read through the guarded reader (no traversal, no bomb)."""
    return [
        ArchiveEntry(index, name, len(content), sniff(content[:SNIFF_BYTES]))
        for index, (name, content) in enumerate(iter_entries(data))
    ]


def archive_entry(data: bytes, index: int) -> tuple[str, bytes] | None:
    for position, (name, content) in enumerate(iter_entries(data)):
        if position == index:
            return name, content
    return None
