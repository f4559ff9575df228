"""The batch runner and its progress displays, without a database."""

from __future__ import annotations

import io
from types import TracebackType
from typing import Self

import pytest

from entrypoints.cli.batches import (
    BarProgress,
    BatchTotals,
    PlainProgress,
    progress_display,
    run_batches,
)


class RecordingDisplay:
    """Remembers what the runner told it; can interrupt after some batches, as Ctrl-C would."""

    def __init__(self, interrupt_after: int | None = None) -> None:
        """Interrupt on the ``interrupt_after``-th batch, if given."""
        self.advanced: list[int] = []
        self.entered = self.exited = False
        self._interrupt_after = interrupt_after

    def __enter__(self) -> Self:
        """Note the start."""
        self.entered = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Note the end."""
        self.exited = True

    def advance(self, count: int) -> None:
        """Record a batch; raise ``KeyboardInterrupt`` when told to."""
        self.advanced.append(count)
        if len(self.advanced) == self._interrupt_after:
            raise KeyboardInterrupt


def batches_of(*counts: int) -> list[int]:
    """The counts a step returns, in order: the job's work ends with a zero."""
    return [*counts, 0]


def test_the_runner_calls_the_step_until_it_handles_nothing() -> None:
    """Every batch is reported; the totals add up; the zero batch is not a batch."""
    counts = batches_of(5, 5, 2)
    display = RecordingDisplay()
    totals = run_batches(lambda: counts.pop(0), display)
    assert totals == BatchTotals(batches=3, items=12)
    assert display.advanced == [5, 5, 2]
    assert (display.entered, display.exited, counts) == (True, True, [])


def test_an_interruption_in_a_step_propagates_after_closing_the_display() -> None:
    """The step's own transaction rolls back; the runner lets the interruption through."""
    counts = batches_of(5, 5)
    display = RecordingDisplay()

    def step() -> int:
        if len(display.advanced) == 1:
            raise KeyboardInterrupt
        return counts.pop(0)

    with pytest.raises(KeyboardInterrupt):
        run_batches(step, display)
    assert (display.advanced, display.exited) == ([5], True)


def test_an_interruption_between_batches_stops_before_the_next_step() -> None:
    """No step runs after the interruption."""
    counts = batches_of(1, 1, 1, 1)
    display = RecordingDisplay(interrupt_after=2)
    with pytest.raises(KeyboardInterrupt):
        run_batches(lambda: counts.pop(0), display)
    assert (display.advanced, counts) == ([1, 1], [1, 1, 0])


def test_plain_progress_writes_one_line_per_batch_with_the_total_when_known() -> None:
    """For logs and pipes: nothing but whole lines."""
    known, unknown = io.StringIO(), io.StringIO()
    counts = batches_of(3, 2)
    run_batches(lambda: counts.pop(0), PlainProgress("sessions", 5, known))
    counts = batches_of(4)
    run_batches(lambda: counts.pop(0), PlainProgress("tokens", None, unknown))
    assert known.getvalue() == "sessions: batch 1, 3 of 5\nsessions: batch 2, 5 of 5\n"
    assert unknown.getvalue() == "tokens: batch 1, 4\n"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Yes."""
        return True


def test_a_terminal_gets_a_bar_and_anything_else_plain_lines() -> None:
    """The choice follows the stream, stderr by default."""
    assert isinstance(progress_display("x", stream=io.StringIO()), PlainProgress)
    assert isinstance(progress_display("x", 10, stream=Terminal()), BarProgress)
    assert isinstance(progress_display("x"), PlainProgress)  # pytest captures stderr


@pytest.mark.parametrize("total", [10, None])
def test_the_bar_shows_the_label_and_the_count(total: int | None) -> None:
    """Drawn on the terminal stream: the label and how many items are done."""
    terminal = Terminal()
    counts = batches_of(6, 4)
    totals = run_batches(lambda: counts.pop(0), progress_display("sessions", total, terminal))
    drawn = terminal.getvalue()
    assert totals.items == 10
    assert "sessions" in drawn
    assert ("10/10" if total else "10") in drawn
