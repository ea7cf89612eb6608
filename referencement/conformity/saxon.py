"""Schematron runs in dedicated checking processes, safe across threads and processes.

A SaxonC processor only works in the thread that created it, and a transformation running
in a thread cannot be stopped. So stylesheets run in long-lived checking processes
(``checker_process.py``), each with its own Saxon processor and compiled stylesheets; a
process serves one check at a time and this process keeps a small pool of them. A check
that overruns its time limit gets its checking process killed, which really stops the work,
and the next check starts a fresh one. A check that cannot run, fails or overruns raises
``CheckNotRun``, which the callers turn into a « non vérifiable » finding.

``submit()`` returns at once: the document goes through a private temporary file (a write
to a pipe would wait for the checking process to read it), and the caller runs its other
checks while Saxon works.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

from lxml import etree

T = TypeVar("T")

# Per-check limit (issue 13 item 9): beyond it the verdict is « non vérifiable ».
DEFAULT_CHECK_TIMEOUT_SECONDS = 20.0
# Compiling the largest CI-SIS schematron takes a few seconds; a fresh checking process
# compiles each stylesheet on its first use, outside the check's own limit.
COMPILE_TIMEOUT_SECONDS = 120.0
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
# Not imported here: ``python -m`` runs it as __main__ in the checking process.
_CHECKER_MODULE = f"{__package__}.checker_process"
# What the checking process answers to a request: COMPILED once the stylesheet is ready,
# then DONE with the output or FAILED with the reason (the request may also end on FAILED
# when the stylesheet does not compile).
COMPILED = "compiled"
DONE = "done"
FAILED = "failed"


class CheckNotRun(Exception):
    """The transformation did not run to its end; ``str(exc)`` says why, in French."""


def check_timeout() -> float:
    """``$REFERENCEMENT_CHECK_TIMEOUT`` seconds (default 20), read at each check."""
    return float(os.environ.get("REFERENCEMENT_CHECK_TIMEOUT") or DEFAULT_CHECK_TIMEOUT_SECONDS)


def pool_size() -> int:
    """``$REFERENCEMENT_CHECK_PROCESSES``, else min(2, cores): checking processes at most."""
    return int(os.environ.get("REFERENCEMENT_CHECK_PROCESSES") or 0) or min(2, os.cpu_count() or 1)


class _Checker:
    """One checking process and this process's end of its socket pair."""

    def __init__(self) -> None:
        ours, theirs = Pipe()
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_PACKAGE_ROOT), environment.get("PYTHONPATH")) if p
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", _CHECKER_MODULE, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            # Nothing on stdout (the CLI prints reports there) and no terminal signals
            # (Ctrl-C): the process ends when this one closes its end of the pair.
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
            env=environment,
        )
        theirs.close()
        self.connection: Connection = ours

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.connection.close()

    def ended(self) -> str:
        """Why the process is gone, in French."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        cause = f"signal {-code}" if code < 0 else f"code {code}"
        return f"le processus de vérification s'est arrêté ({cause})"


class _Pool:
    """At most ``size`` checking processes, started on demand and kept for the next checks."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.idle: list[_Checker] = []
        self.started = 0
        self.available = threading.Condition()

    def acquire(self, wait: float) -> _Checker:
        with self.available:
            if not self.available.wait_for(lambda: self.idle or self.started < self.size, wait):
                raise CheckNotRun("aucun processus de vérification disponible (file saturée)")
            checker = self.idle.pop() if self.idle else None
            if checker is None:
                self.started += 1
        if checker is not None:
            if checker.alive():
                return checker
            checker.stop()  # died while idle (killed from outside): replaced
        try:
            return _Checker()
        except OSError as exc:
            self.release(None)
            raise CheckNotRun(f"processus de vérification impossible à lancer ({exc})") from exc

    def release(self, checker: _Checker | None) -> None:
        """Give ``checker`` back, or ``None`` when it was stopped (its place is free)."""
        with self.available:
            if checker is None:
                self.started -= 1
            else:
                self.idle.append(checker)
            self.available.notify()

    def forget(self) -> None:
        """In a forked child: drop the parent's processes without touching them."""
        for checker in self.idle:
            checker.connection.close()
        self.idle.clear()

    def pids(self) -> list[int]:
        with self.available:
            return [checker.process.pid for checker in self.idle]

    def stop_idle(self) -> None:
        with self.available:
            checkers, self.idle = self.idle, []
            self.started -= len(checkers)
            self.available.notify_all()
        for checker in checkers:
            checker.stop()


_pool_lock = threading.Lock()
_pool: _Pool | None = None


def _current_pool() -> _Pool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = _Pool(pool_size())
        return _pool


def _after_fork() -> None:
    global _pool
    if _pool is not None:
        _pool.forget()
    _pool = None


os.register_at_fork(after_in_child=_after_fork)


def stop_idle_checkers() -> None:
    """Stops the idle checking processes and waits for each: run at exit, so none is left
    unreaped (Python warns of a child « still running » when it finalises its handle)."""
    if _pool is not None:
        _pool.stop_idle()


atexit.register(stop_idle_checkers)


def idle_checker_pids() -> list[int]:
    """Process ids of the idle checking processes (for monitoring and tests)."""
    return _current_pool().pids()


class _Ended(Exception):
    """The checking process died during the exchange; ``str(exc)`` says how, in French."""


class Job:
    """A transformation running in a checking process; ``result()`` waits for it.

    A process that dies during the check (killed from outside, runtime crash) is replaced
    and the check sent once more; a second death, a failure or an overrun is final. Use it
    as a context manager: a job left without its result has its process stopped.
    """

    def __init__(self, pool: _Pool, request: tuple[str, str, dict[str, str]], limit: float):
        self._pool = pool
        self._request = request
        self._limit = limit
        self._checker: _Checker | None = None

    def start(self) -> None:
        """Send the request to a checking process (a fresh one if the idle one had died)."""
        self._settle(self._send, self._send)

    def result(self) -> str:
        """The transformation's output; ``CheckNotRun`` when it could not run to its end."""
        kind, payload = self._settle(self._exchange, self._send_and_exchange)
        self._pool.release(self._checker)
        self._checker = None
        self.close()
        if kind == FAILED:
            raise CheckNotRun(payload)
        return payload

    def _settle(self, step: Callable[[], T], once_more: Callable[[], T]) -> T:
        """``step()``, or ``once_more()`` with a fresh process when the process died; a
        second death, an overrun or a failure to start closes the job (``CheckNotRun``)."""
        try:
            try:
                return step()
            except _Ended:
                self._drop()
                return once_more()
        except _Ended as exc:
            self.close()
            raise CheckNotRun(str(exc)) from exc
        except CheckNotRun:
            self.close()
            raise

    def _send(self) -> None:
        checker = self._checker = self._pool.acquire(wait=10 * self._limit)
        try:
            checker.connection.send(self._request)
        except (OSError, ValueError) as exc:
            self._drop()
            raise _Ended(checker.ended()) from exc

    def _send_and_exchange(self) -> tuple[str, str]:
        self._send()
        return self._exchange()

    def _exchange(self) -> tuple[str, str]:
        if self._checker is None:
            raise CheckNotRun("résultat déjà lu")
        kind, payload = self._receive(self._checker, COMPILE_TIMEOUT_SECONDS)
        if kind == COMPILED:
            kind, payload = self._receive(self._checker, self._limit)
        return kind, payload

    @staticmethod
    def _receive(checker: _Checker, limit: float) -> tuple[str, str]:
        try:
            if not checker.connection.poll(limit):
                raise CheckNotRun(f"délai de {limit:g} s dépassé")
            return checker.connection.recv()
        except (EOFError, OSError) as exc:
            raise _Ended(checker.ended()) from exc

    def _drop(self) -> None:
        """Stop the process if the result was not read (it may still be working)."""
        if self._checker is not None:
            self._checker.stop()
            self._checker = None
            self._pool.release(None)

    def close(self) -> None:
        """Drop the process unless its result was read; remove the document's file."""
        self._drop()
        Path(self._request[1]).unlink(missing_ok=True)

    def __enter__(self) -> Job:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def submit(
    stylesheet: Path,
    document: etree._ElementTree,
    documents: dict[str, Path] | None = None,
    *,
    timeout: float | None = None,
) -> Job:
    """Start applying the compiled ``stylesheet`` to ``document`` in a checking process;
    ``documents`` are stylesheet parameters (name → XML file, parsed once per process)."""
    handle, name = tempfile.mkstemp(prefix="referencement-check-", suffix=".xml")
    with os.fdopen(handle, "wb") as file:
        document.write(file, encoding="UTF-8", xml_declaration=True)
    parameters = {key: str(path) for key, path in (documents or {}).items()}
    limit = check_timeout() if timeout is None else timeout
    job = Job(_current_pool(), (str(stylesheet), name, parameters), limit)
    job.start()
    return job
