"""Running a long job as batches, with progress on stderr.

A job is a ``step`` that does one batch (in its own transaction, committed
before it returns) and says how many items it handled; :func:`run_batches`
calls it until it handles none. Progress goes to stderr, so stdout stays
clean for piped output: a rich progress bar on a terminal, one plain line
per batch otherwise (logs and CI keep every line).

Ctrl-C raises ``KeyboardInterrupt`` wherever the job is. Inside a step, the
batch's ``with services.uow()`` rolls its transaction back on the way out,
so no half batch is ever committed; the runner closes the display and lets
the interruption through for ``run_job`` to report (exit status 130).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self, TextIO

import attrs
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class ProgressDisplay(Protocol):
    """Shows a job's progress while it is entered."""

    def __enter__(self) -> Self:
        """Start showing."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop showing, whether the job finished or not."""
        ...

    def advance(self, count: int) -> None:
        """One more batch of ``count`` items is done (and committed)."""
        ...


@attrs.frozen
class BatchTotals:
    """What a whole run did."""

    batches: int
    items: int


def run_batches(step: Callable[[], int], display: ProgressDisplay) -> BatchTotals:
    """Call ``step`` until it handles nothing; report each batch to ``display``.

    A ``KeyboardInterrupt`` (or any error) in a step or in the display ends
    the run and propagates; the batches reported so far stay done.
    """
    batches = items = 0
    with display:
        while (count := step()) > 0:
            batches += 1
            items += count
            display.advance(count)
    return BatchTotals(batches=batches, items=items)


class PlainProgress:
    """One line per batch, for logs and pipes: ``label: batch 3, 12000 of 20000``."""

    def __init__(self, label: str, total: int | None, stream: TextIO) -> None:
        """Write lines about ``label`` to ``stream``; ``total`` when known in advance."""
        self._label = label
        self._total = total
        self._stream = stream
        self._batches = 0
        self._done = 0

    def __enter__(self) -> Self:
        """Nothing to start: lines are written as batches finish."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Nothing to stop."""

    def advance(self, count: int) -> None:
        """Write the line of the batch that just finished."""
        self._batches += 1
        self._done += count
        of_total = "" if self._total is None else f" of {self._total}"
        self._stream.write(f"{self._label}: batch {self._batches}, {self._done}{of_total}\n")
        self._stream.flush()


class BarProgress:
    """A rich progress bar on a terminal; without a known total it shows a count and a pulse."""

    def __init__(self, label: str, total: int | None, stream: TextIO) -> None:
        """Draw the bar for ``label`` on ``stream``, which should be a terminal."""
        counter: ProgressColumn = (
            TextColumn("{task.completed}") if total is None else MofNCompleteColumn()
        )
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            counter,
            TimeElapsedColumn(),
            console=Console(file=stream),
        )
        self._task: TaskID = self._progress.add_task(label, total=total)

    def __enter__(self) -> Self:
        """Start redrawing the bar."""
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Leave the bar drawn (full when the job finished) and the cursor on a fresh line."""
        if exc_type is None:
            # Without a known total the bar pulses; a finished job's total is what it did.
            task = self._progress.tasks[0]
            self._progress.update(self._task, total=task.completed)
        self._progress.stop()

    def advance(self, count: int) -> None:
        """Move the bar on by ``count``."""
        self._progress.advance(self._task, count)


def progress_display(
    label: str, total: int | None = None, stream: TextIO | None = None
) -> ProgressDisplay:
    """A bar when ``stream`` (stderr by default) is a terminal, plain lines otherwise."""
    out = sys.stderr if stream is None else stream
    if out.isatty():
        return BarProgress(label, total, out)
    return PlainProgress(label, total, out)
