"""One Saxon-HE processor per process, and compiled XSLT cached by path and mtime.

Saxon/C runs in a GraalVM isolate: threads other than the first must attach to it, and
this module serialises calls with one lock, which keeps the Python side simple and safe.
"""

from __future__ import annotations

import threading
from pathlib import Path

from saxonche import PySaxonProcessor, PyXsltExecutable

_lock = threading.RLock()
_processor: PySaxonProcessor | None = None
_attached: set[int] = set()
_executables: dict[tuple[str, int], PyXsltExecutable] = {}


def processor() -> PySaxonProcessor:
    """The process-wide processor, attached to the calling thread (call under ``lock()``)."""
    global _processor
    if _processor is None:
        _processor = PySaxonProcessor(license=False)
        _attached.add(threading.get_ident())
    if threading.get_ident() not in _attached:
        _processor.attach_current_thread()
        _attached.add(threading.get_ident())
    return _processor


def lock() -> threading.RLock:
    return _lock


def compile_stylesheet(path: Path) -> PyXsltExecutable:
    """Compile ``path`` once per process; recompiled when the file changes."""
    key = (str(path.resolve()), path.stat().st_mtime_ns)
    with _lock:
        executable = _executables.get(key)
        if executable is None:
            xslt = processor().new_xslt30_processor()
            executable = xslt.compile_stylesheet(stylesheet_file=key[0])
            _executables[key] = executable
        return executable


def clear_cache() -> None:
    with _lock:
        _executables.clear()
