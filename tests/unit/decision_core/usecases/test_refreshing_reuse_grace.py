from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import InvalidRefreshToken, SessionExpiredAbsolute
from decision_core.login.policy import PolicyPatch
from decision_core.settings import AuthSettings, CoreSettings
from decision_core.usecases.account_security import update_security
from decision_core.usecases.context import Services
from decision_core.usecases.refreshing import refresh
from tests.fakes import FastHasher
from tests.unit.conftest import (
    BROWSER,
    START,
    WITHOUT_REUSE_GRACE,
    SignedInMember,
    events,
    owner_signed_in,
    refresh_claims,
    services_with,
    sign_in,
    stored_session,
)


@pytest.fixture
def graceful(store: MemoryStore, clock: FixedClock, hasher: FastHasher) -> Services:
    """The in-memory services with a 30-second refresh reuse grace."""
    settings = CoreSettings(auth=AuthSettings(refresh_reuse_grace_seconds=30))
    return services_with(store, clock, hasher, settings)


@pytest.fixture
def rotated(graceful: Services, clock: FixedClock) -> tuple[SignedInMember, str]:
    """A signed-in owner whose first refresh token was rotated a minute after sign-in."""
    owner = owner_signed_in(graceful)
    clock.advance(timedelta(minutes=1))
    return owner, refresh(graceful, owner.tokens.refresh_token, BROWSER).refresh_token


def test_predecessor_within_the_grace_gets_the_same_live_token(
    graceful: Services, store: MemoryStore, clock: FixedClock, rotated: tuple[SignedInMember, str]
) -> None:
    """Inside the grace the predecessor answers the live jti again, moving no deadline."""
    owner, live = rotated
    live_claims = refresh_claims(graceful, live)
    tokens_before = dict(store.tables.refresh_tokens)
    clock.advance(timedelta(seconds=29))
    again = refresh(graceful, owner.tokens.refresh_token, BROWSER)
    claims = refresh_claims(graceful, again.refresh_token)
    assert claims == live_claims
    assert again.idle_expires_at == START + timedelta(minutes=1, days=3)
    assert store.tables.refresh_tokens == tokens_before
    assert stored_session(store, owner.principal.sid).revoked_at is None
    refresh(graceful, live, BROWSER)


def test_predecessor_at_the_end_of_the_grace_is_a_replay(
    graceful: Services, store: MemoryStore, clock: FixedClock, rotated: tuple[SignedInMember, str]
) -> None:
    """Exactly 30 seconds after its rotation the predecessor is a replay again."""
    owner, live = rotated
    clock.advance(timedelta(seconds=30))
    with pytest.raises(InvalidRefreshToken):
        refresh(graceful, owner.tokens.refresh_token, BROWSER)
    assert len(events(store, audit.REFRESH_TOKEN_REUSED)) == 1
    with pytest.raises(InvalidRefreshToken):
        refresh(graceful, live, BROWSER)


def test_older_token_within_the_grace_is_a_replay(
    graceful: Services, store: MemoryStore, rotated: tuple[SignedInMember, str]
) -> None:
    """Once the live token rotated again, its grandparent is a replay at once."""
    owner, live = rotated
    refresh(graceful, live, BROWSER)
    with pytest.raises(InvalidRefreshToken):
        refresh(graceful, owner.tokens.refresh_token, BROWSER)
    assert len(events(store, audit.REFRESH_TOKEN_REUSED)) == 1


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_without_grace_the_predecessor_is_a_replay_at_once(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """With the grace set to 0 the predecessor is a replay in the same second."""
    refresh(services, owner.tokens.refresh_token, BROWSER)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, owner.tokens.refresh_token, BROWSER)
    assert len(events(store, audit.REFRESH_TOKEN_REUSED)) == 1


def test_grace_reissue_never_outlives_the_absolute_deadline(
    graceful: Services, clock: FixedClock
) -> None:
    """Past the absolute deadline the predecessor is refused like its successor, not re-issued."""
    owner = owner_signed_in(graceful)
    update_security(graceful, owner.principal, PolicyPatch(idle_minutes=45, absolute_minutes=60))
    session = sign_in(graceful, "owner@example.com")
    clock.advance(timedelta(minutes=30))
    predecessor = refresh(graceful, session.tokens.refresh_token, BROWSER).refresh_token
    clock.advance(timedelta(minutes=29, seconds=50))
    live = refresh(graceful, predecessor, BROWSER).refresh_token
    clock.advance(timedelta(seconds=15))
    with pytest.raises(SessionExpiredAbsolute):
        refresh(graceful, predecessor, BROWSER)
    with pytest.raises(SessionExpiredAbsolute):
        refresh(graceful, live, BROWSER)
