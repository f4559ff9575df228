"""How times, roles and devices read on a page: small pure functions the templates call."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

_MINUTE: Final = 60
_HOUR: Final = 60 * _MINUTE
_DAY: Final = 24 * _HOUR

# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS: Final = (
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|HeadlessChrome/")),
    ("Safari", re.compile(r"Safari/")),
    ("curl", re.compile(r"^curl/")),
)
_SYSTEMS: Final = (
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux")),
)


def relative_time(moment: datetime | None, now: datetime) -> str:
    """``moment`` as a person says it: "just now", "5 minutes ago", "in 2 hours"."""
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    if abs(seconds) < _MINUTE:
        return "just now"
    amount, unit = _largest_unit(abs(seconds))
    phrase = f"{amount} {unit}{'' if amount == 1 else 's'}"
    return f"{phrase} ago" if seconds > 0 else f"in {phrase}"


def _largest_unit(seconds: int) -> tuple[int, str]:
    if seconds < _HOUR:
        return seconds // _MINUTE, "minute"
    if seconds < _DAY:
        return seconds // _HOUR, "hour"
    return seconds // _DAY, "day"


def utc_text(moment: datetime | None) -> str:
    """``moment`` as "2026-12-04 09:57 UTC" (pages localise it in the browser)."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def iso_utc(moment: datetime | None) -> str:
    """``moment`` as ISO 8601 with ``Z``, for ``<time datetime>`` and data attributes."""
    return "" if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def device_of(user_agent: str | None) -> str:
    """The browser and system a User-Agent header names: "Firefox on Linux", or "Unknown device"."""
    if not user_agent:
        return "Unknown device"
    browser = next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), None)
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown device"


def detail_text(value: object) -> str:
    """An audit detail as a reader wants it: yes/no, "default" for a cleared value, nested pairs."""
    if value is None:
        return "default"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {detail_text(item)}" for key, item in sorted(value.items()))
    if isinstance(value, list):
        return ", ".join(detail_text(item) for item in value) or "none"
    return str(value)


def minutes_text(minutes: int) -> str:
    """A policy length as people say it: "15 minutes", "3 days", "90 days"."""
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day{'' if days == 1 else 's'}"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{minutes} minute{'' if minutes == 1 else 's'}"
