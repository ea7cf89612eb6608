"""Progress of the long commands (issue 17 item 4): a bar on a terminal (rich), plain
separate lines when the output is a file or a pipe — never two lines glued together."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

# Plain lines: one every tenth of the work, and the last one.
PLAIN_STEPS = 10

Update = Callable[..., None]


class Reporter:
    """``say`` prints a line; ``task`` measures one counted piece of work."""

    def __init__(self, stream: TextIO) -> None:
        # A management command's OutputWrapper ends every write with a newline: the bar
        # draws on the stream it wraps.
        self.stream = stream = getattr(stream, "_out", stream)
        self.terminal = stream.isatty()
        self._console = None
        if self.terminal:
            from rich.console import Console

            self._console = Console(file=stream, highlight=False)

    def say(self, message: str) -> None:
        if self._console is not None:
            self._console.print(message, markup=False)
        else:
            print(message, file=self.stream, flush=True)

    @contextmanager
    def task(self, label: str, total: int | None = None) -> Iterator[Update]:
        """Yields ``update(done, total=None)``; ``total`` may be learnt along the way."""
        if self._console is not None:
            with _bar(self._console, label, total) as update:
                yield update
            return
        yield _PlainLines(self.stream, label, total)


@contextmanager
def _bar(console, label: str, total: int | None) -> Iterator[Update]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(label, total=total)

        def update(done: int, total: int | None = None) -> None:
            progress.update(task, completed=done, **({"total": total} if total else {}))

        yield update


class _PlainLines:
    def __init__(self, stream: TextIO, label: str, total: int | None) -> None:
        self.stream, self.label, self.total = stream, label, total
        self.shown = -1

    def __call__(self, done: int, total: int | None = None) -> None:
        self.total = total or self.total
        if not self.total:
            return
        step = max(self.total // PLAIN_STEPS, 1)
        if done == self.shown or (done % step and done != self.total):
            return
        self.shown = done
        print(f"{self.label} : {done}/{self.total}", file=self.stream, flush=True)
