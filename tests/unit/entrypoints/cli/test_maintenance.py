"""The maintenance commands' own parsing, and the JSON-lines file that stays whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from uuid import UUID

import pytest

from entrypoints.cli.arguments import parse_account_id
from entrypoints.cli.maintenance import (
    JsonLinesSink,
    parse_duration,
    parse_since,
    partial_path,
)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("30d", timedelta(days=30)),
        ("12h", timedelta(hours=12)),
        ("90m", timedelta(minutes=90)),
        ("45s", timedelta(seconds=45)),
        ("2w", timedelta(weeks=2)),
        (" 1D12h ", timedelta(days=1, hours=12)),
    ],
)
def test_durations_are_numbers_with_units(text: str, span: timedelta) -> None:
    """Weeks, days, hours, minutes and seconds, combined in any order, any case."""
    assert parse_duration(text) == span


@pytest.mark.parametrize("text", ["", "30", "d", "0d", "0h0m", "-1d", "1.5d", "1d 2h", "1y"])
def test_anything_else_is_refused_with_the_expected_form(text: str) -> None:
    """Including zero: a retention of nothing is almost certainly a mistake."""
    with pytest.raises(ValueError, match=r"positive duration such as 30d, 12h or 90m"):
        parse_duration(text)


def test_since_reads_a_date_as_utc_midnight_and_a_date_time_in_its_zone() -> None:
    """A naive date-time is UTC; an explicit offset is kept."""
    assert parse_since("2026-01-31") == datetime(2026, 1, 31, tzinfo=UTC)
    assert parse_since("2026-01-31T10:30:00") == datetime(2026, 1, 31, 10, 30, tzinfo=UTC)
    plus_two = timezone(timedelta(hours=2))
    assert parse_since("2026-01-31T10:30:00+02:00") == datetime(
        2026, 1, 31, 10, 30, tzinfo=plus_two
    )
    for bad in ("yesterday", "2026-13-01", "31.01.2026"):
        with pytest.raises(ValueError, match="--since must be a date"):
            parse_since(bad)


def test_an_account_id_is_a_uuid() -> None:
    """Anything else names the option."""
    assert parse_account_id(str(UUID(int=7))) == UUID(int=7)
    with pytest.raises(ValueError, match="--account must be an account id"):
        parse_account_id("acme")


def test_an_interrupted_file_is_cut_back_to_its_whole_batches(tmp_path: Path) -> None:
    """Half a line written when Ctrl-C came is removed; the file is not published."""
    target = tmp_path / "walks.jsonl"
    stream = partial_path(target).open("w", encoding="utf-8")

    def write_then_interrupt() -> None:
        with JsonLinesSink(stream, target) as sink:
            sink.write_lines([{"id": "a", "text": "Café"}, {"id": "b"}])
            stream.write('{"id": "c", "te')  # a write cut in the middle
            stream.flush()
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_then_interrupt()
    assert partial_path(target).read_text(encoding="utf-8") == (
        '{"id":"a","text":"Café"}\n{"id":"b"}\n'
    )
    assert not target.exists()


def test_a_finished_file_replaces_the_target(tmp_path: Path) -> None:
    """Renamed from FILE.partial, over an older export."""
    target = tmp_path / "walks.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with JsonLinesSink(partial_path(target).open("w", encoding="utf-8"), target) as sink:
        sink.write_lines([{"id": "a"}])
    assert target.read_text(encoding="utf-8") == '{"id":"a"}\n'
    assert not partial_path(target).exists()
