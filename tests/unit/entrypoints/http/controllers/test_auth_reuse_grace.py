"""REFRESH_REUSE_GRACE_SECONDS on the wire: the live token's predecessor, briefly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock
from decision_core.settings import AuthSettings, CoreSettings
from tests.unit.entrypoints.http.wire import Api, Tokens, claims_of

GRACE_SECONDS = 30


@pytest.fixture
def core_settings() -> CoreSettings:
    """A 30 second reuse grace."""
    return CoreSettings(auth=AuthSettings(refresh_reuse_grace_seconds=GRACE_SECONDS))


def test_the_predecessor_within_the_grace_gets_the_same_live_token(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """No new family member and no deadline moved: the live jti again."""
    rotated = api.refresh(owner_tokens.refresh).json()
    clock.advance(timedelta(seconds=GRACE_SECONDS - 1))
    again = api.refresh(owner_tokens.refresh)
    assert again.status_code == 200, again.text
    live, reissued = claims_of(rotated["refresh_token"]), claims_of(again.json()["refresh_token"])
    assert reissued["jti"] == live["jti"]
    assert reissued["iat"] == live["iat"]
    assert again.json()["idle_expires_at"] == rotated["idle_expires_at"]
    assert api.refresh(rotated["refresh_token"]).status_code == 200


def test_the_predecessor_after_the_grace_is_a_replay(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """At the end of the window it revokes the family like any replay."""
    rotated = api.refresh(owner_tokens.refresh).json()
    clock.advance(timedelta(seconds=GRACE_SECONDS))
    invalid = {"status_code": 401, "detail": "invalid_refresh_token"}
    assert api.refresh(owner_tokens.refresh).json() == invalid
    assert api.refresh(rotated["refresh_token"]).json() == invalid
