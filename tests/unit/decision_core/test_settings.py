from __future__ import annotations

import re

import pytest

from decision_core.settings import AuthSettings, CoreSettings, InvalidSettings, SessionSettings


def test_defaults_are_the_specified_minutes() -> None:
    """The system defaults are 3 d / 14 d within 15..43200 and 60..129600 minutes."""
    settings = SessionSettings()
    assert (settings.idle_minutes_default, settings.absolute_minutes_default) == (4320, 20160)
    assert (settings.idle_minutes_min, settings.idle_minutes_max) == (15, 43200)
    assert (settings.absolute_minutes_min, settings.absolute_minutes_max) == (60, 129600)


def test_auth_defaults() -> None:
    """Five-minute access tokens, 10 s reuse grace, 5 failures per 15 minutes, 7-day invites."""
    auth = CoreSettings().auth
    assert auth == AuthSettings(
        access_token_minutes=5,
        refresh_reuse_grace_seconds=10,
        login_failure_limit=5,
        login_failure_window_minutes=15,
        invite_days=7,
    )


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"idle_minutes_default": 14}, "the idle default 14 lies outside its bounds 15..43200"),
        ({"absolute_minutes_default": 129601}, "the absolute default 129601 lies outside"),
        ({"idle_minutes_min": 50000}, "the idle bounds are inverted: min 50000 > max 43200"),
        ({"absolute_minutes_max": 59}, "the absolute bounds are inverted"),
        (
            {"idle_minutes_default": 30000},
            "the idle default (30000 min) exceeds the absolute default (20160 min)",
        ),
        ({"idle_minutes_min": 0}, "idle_minutes_min must be positive, got 0"),
    ],
)
def test_inconsistent_session_settings_refuse_to_start(
    overrides: dict[str, int], named: str
) -> None:
    """A default outside its bounds, inverted bounds or idle > absolute are refused by name."""
    with pytest.raises(InvalidSettings, match=re.escape(named)):
        SessionSettings(**overrides)


def test_every_problem_is_reported_at_once() -> None:
    """Both defaults out of bounds are named in one error."""
    with pytest.raises(InvalidSettings) as refused:
        SessionSettings(idle_minutes_default=10, absolute_minutes_default=10)
    assert "idle default 10" in str(refused.value)
    assert "absolute default 10" in str(refused.value)


def test_negative_reuse_grace_is_refused() -> None:
    """The reuse grace is 0 (off) or more seconds."""
    with pytest.raises(InvalidSettings, match="must not be negative"):
        AuthSettings(refresh_reuse_grace_seconds=-1)


def test_zero_lifetimes_are_refused() -> None:
    """Token and invite lifetimes must be positive."""
    with pytest.raises(InvalidSettings, match="access_token_minutes must be positive"):
        AuthSettings(access_token_minutes=0)
