"""Serving a stored file over HTTP: streamed from the blob store (never read whole into
memory), with byte ranges (206) so a video seeks, its original name in
`Content-Disposition` (RFC 6266 `filename*`), and never as active content: uploaded HTML,
SVG or XML is only ever downloaded, and what is shown inline runs in a CSP sandbox."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from referencement.files.models import Blob
from referencement.files.storage import blob_store
from referencement.lib.byteranges import RangeReader, Unsatisfiable, requested_range

# What a browser may show inline without running anything the editor wrote. SVG and HTML
# are absent on purpose (scripts); XML is shown escaped by our own pages, never raw.
INLINE_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "video/mp4",
        "video/webm",
        "video/quicktime",
        "text/plain",
        "text/csv",
    }
)
# No script, no plugin, no form, no network beyond the file itself; Chromium's PDF viewer
# still renders inside the sandbox.
SANDBOX_CSP = (
    "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"
)


def can_show_inline(blob: Blob) -> bool:
    return blob.content_type in INLINE_TYPES


def blob_response(
    request: HttpRequest, blob: Blob, filename: str, *, inline: bool = False
) -> HttpResponse:
    """The file, whole (200) or the single range asked for (206); 416 past its end.
    `inline` only for INLINE_TYPES (the caller checks); everything else is an attachment."""
    etag = f'"{blob.sha256}"'
    try:
        part = requested_range(request.headers.get("Range"), blob.size)
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{blob.size}"
        return _secure(response, etag)
    if_range = request.headers.get("If-Range")
    if part is not None and if_range is not None and if_range != etag:
        part = None  # the client holds another version: send it the whole file
    handle = blob_store().open(blob.sha256)
    content_type = _served_type(blob.content_type, inline)
    if part is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        response = FileResponse(RangeReader(handle, part), content_type=content_type, status=206)
        response["Content-Range"] = part.content_range(blob.size)
        response["Content-Length"] = str(part.length)
    response["Content-Disposition"] = content_disposition_header(
        not inline, filename or f"fichier-{blob.sha256[:12]}"
    )
    return _secure(response, etag)


def _served_type(content_type: str, inline: bool) -> str:
    if content_type.startswith("text/"):
        return f"{content_type}; charset=utf-8"
    if not inline and not content_type:
        return "application/octet-stream"
    return content_type


def _secure(response: HttpResponse, etag: str) -> HttpResponse:
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cache-Control"] = "private, no-cache"
    return response
