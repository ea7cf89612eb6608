"""Saxon-HE transformations, safe across threads and processes.

A SaxonC processor only works in the thread that created it: used from another thread, a
transformation raises and the schematron silently does not run. So schematrons run in a
small pool of checker threads, each owning its processor and its cache of compiled
stylesheets. The caller waits for its job with a time limit; a job that cannot run, fails
or overruns raises ``CheckNotRun``, which the callers turn into a « non vérifiable »
finding. Pools and processors are per process (re-created after a fork).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import TypeVar

from saxonche import PySaxonProcessor, PyXsltExecutable

T = TypeVar("T")

# Per-check limit (issue 13 item 9): beyond it the verdict is « non vérifiable ».
CHECK_TIMEOUT_SECONDS = float(os.environ.get("REFERENCEMENT_CHECK_TIMEOUT", "20"))
# Waiting for a free checker thread is bounded too: a pool stuck on runaway checks must
# not hang every request.
QUEUE_TIMEOUT_SECONDS = 10 * CHECK_TIMEOUT_SECONDS
POOL_SIZE = int(os.environ.get("REFERENCEMENT_CHECK_THREADS", "0")) or min(4, os.cpu_count() or 1)

_local = threading.local()
_pool_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None


class CheckNotRun(Exception):
    """The transformation did not run to its end; ``str(exc)`` says why, in French."""


class _Saxon:
    """The calling thread's processor and its compiled stylesheets."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.processor = PySaxonProcessor(license=False)
        self.executables: dict[tuple[str, int], PyXsltExecutable] = {}

    def compile(self, path: Path) -> PyXsltExecutable:
        key = (str(path.resolve()), path.stat().st_mtime_ns)
        executable = self.executables.get(key)
        if executable is None:
            xslt = self.processor.new_xslt30_processor()
            executable = xslt.compile_stylesheet(stylesheet_file=key[0])
            self.executables[key] = executable
        return executable


def current() -> _Saxon:
    """The processor of the calling thread (created on first use in this thread)."""
    state = getattr(_local, "saxon", None)
    if state is None or state.pid != os.getpid():
        state = _local.saxon = _Saxon()
    return state


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(POOL_SIZE, thread_name_prefix="saxon"))
        return _pool[1]


def run_checked(job: Callable[[_Saxon], T], *, timeout: float | None = None) -> T:
    """Run ``job(processor)`` in a checker thread; raise ``CheckNotRun`` on any failure."""
    limit = CHECK_TIMEOUT_SECONDS if timeout is None else timeout
    started = threading.Event()

    def call() -> T:
        started.set()
        return job(current())

    future: Future[T] = _executor().submit(call)
    if not started.wait(QUEUE_TIMEOUT_SECONDS):
        future.cancel()
        raise CheckNotRun("aucun vérificateur disponible (file d'attente saturée)")
    try:
        return future.result(timeout=limit)
    except FutureTimeout as exc:
        raise CheckNotRun(f"délai de {limit:g} s dépassé") from exc
    except MemoryError as exc:
        raise CheckNotRun("limite de mémoire atteinte") from exc
    except Exception as exc:  # noqa: BLE001 - Saxon raises one generic type
        raise CheckNotRun(" ".join(str(exc).split())[:300] or type(exc).__name__) from exc


def transform(stylesheet: Path, xml_text: str, *, timeout: float | None = None) -> str:
    """Apply the compiled ``stylesheet`` to ``xml_text`` in a checker thread."""

    def job(saxon: _Saxon) -> str:
        executable = saxon.compile(stylesheet)
        document = saxon.processor.parse_xml(xml_text=xml_text)
        return executable.transform_to_string(xdm_node=document) or ""

    return run_checked(job, timeout=timeout)
