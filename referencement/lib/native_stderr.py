"""What native code writes on the process's standard error, past Python's `sys.stderr`:
Saxon's C library prints its own Java-style trace there when a schematron does not compile,
although the error also reaches Python as an exception that the caller reports in French
(issue 17 item 3: one French line per error, no trace)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def native_stderr_discarded() -> Iterator[None]:
    """File descriptor 2 goes to a throwaway file for the block. It is the whole process's:
    only for one-shot commands, never in a server with other threads writing."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with tempfile.TemporaryFile() as sink:
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
    finally:
        os.close(saved)
