"""How the pages phrase times, lengths and devices, and where ``next=`` may lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from entrypoints.web.presenting import detail_text, device_of, minutes_text, relative_time

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (None, "never"),
        (NOW - timedelta(seconds=30), "just now"),
        (NOW - timedelta(minutes=1), "1 minute ago"),
        (NOW - timedelta(minutes=59), "59 minutes ago"),
        (NOW - timedelta(hours=2), "2 hours ago"),
        (NOW - timedelta(days=3), "3 days ago"),
        (NOW + timedelta(minutes=5), "in 5 minutes"),
    ],
)
def test_relative_time_reads_as_people_say_it(moment: datetime | None, text: str) -> None:
    """The largest whole unit, singular or plural."""
    assert relative_time(moment, NOW) == text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(15, "15 minutes"), (60, "1 hour"), (90, "90 minutes"), (4320, "3 days"), (1440, "1 day")],
)
def test_policy_lengths_read_in_their_largest_whole_unit(minutes: int, text: str) -> None:
    """A policy of 4320 minutes is "3 days"."""
    assert minutes_text(minutes) == text


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (None, "Unknown device"),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Linux",
        ),
        (
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/130.0 Safari/537.36 Edg/130.0"
            ),
            "Edge on Windows",
        ),
        (
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
            ),
            "Safari on iOS",
        ),
        ("curl/8.5.0", "curl"),
        ("something else", "Unknown device"),
    ],
)
def test_devices_are_named_by_browser_and_system(agent: str | None, device: str) -> None:
    """Edge and Chrome are told apart, and an iPhone is iOS, not macOS."""
    assert device_of(agent) == device


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "default"),
        (True, "yes"),
        (False, "no"),
        (3, "3"),
        (
            {"idle_minutes": None, "absolute_minutes": 200},
            "absolute_minutes: 200; idle_minutes: default",
        ),
        (["a", "b"], "a, b"),
        ([], "none"),
    ],
)
def test_audit_details_read_as_words(value: object, text: str) -> None:
    """Booleans are yes/no and a cleared override says "default"."""
    assert detail_text(value) == text
