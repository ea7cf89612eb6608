"""HTTP byte ranges (RFC 9110 §14): which part of a file a `Range` header asks for, and a
reader that yields only that part, chunk by chunk, so a 2 GB video seeks without the
server reading (or holding) the rest.

Django-free. One range per request: a browser's `<video>` asks for one; a multi-range
request is answered with the whole file (RFC 9110 §14.2 lets a server ignore `Range`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

CHUNK = 64 * 1024
_SINGLE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    """The range lies wholly past the end of the file: answer 416."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The range `header` asks for in a file of `size` bytes, None for the whole file
    (no header, a malformed one, or several ranges). Raises Unsatisfiable (416)."""
    if not header:
        return None
    match = _SINGLE.match(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        # « bytes=-500 »: the last 500 bytes.
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = int(last) if last else size - 1
    return ByteRange(start, min(end, size - 1))


class RangeReader:
    """A file-like object over `part` of `handle`: read() never goes past its end, and it
    offers no fileno(), so a server iterates it rather than sending the whole file."""

    def __init__(self, handle: BinaryIO, part: ByteRange) -> None:
        self._handle = handle
        self._left = part.length
        handle.seek(part.start)

    def read(self, size: int = CHUNK) -> bytes:
        if self._left <= 0:
            return b""
        wanted = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.read(wanted)
        self._left -= len(data)
        return data

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK):
            yield chunk

    def close(self) -> None:
        self._handle.close()
