"""A logging filter that lets each distinct message through once per process.

WeasyPrint warns about the same missing system library for every font of every PDF it
renders (« Using fontTools instead of HarfBuzz-Subset … »): the demo printed it 126 times.
The advice is worth reading once, not drowning the command's own output."""

from __future__ import annotations

import logging


class OncePerMessage(logging.Filter):
    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._seen: set[tuple[str, int, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, record.getMessage())
        if key in self._seen:
            return False
        self._seen.add(key)
        return True
