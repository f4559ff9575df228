"""Pruning: what ``prune-tokens`` may delete, and that reuse detection survives it."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import InvalidRefreshToken, SessionExpiredAbsolute
from decision_core.login.retention import (
    PrunedSessions,
    Retention,
    session_finished_at,
    token_expires_at,
)
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, RevokeReason
from decision_core.usecases.context import Services
from decision_core.usecases.pruning import (
    prune_login_sessions,
    prune_refresh_tokens,
    retention_from_now,
)
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.signin import logout
from tests.unit.conftest import BROWSER, START, SignedInMember, owner_signed_in, sign_in

IDLE = timedelta(days=3)  # the default idle window of every session below
MINUTE = timedelta(minutes=1)


def a_session(*, revoked_after: timedelta | None = None) -> LoginSession:
    """A session started at START with a 1 h idle and 2 h absolute window."""
    return LoginSession(
        id=uuid4(),
        user_id=uuid4(),
        account_id=uuid4(),
        auth_time=START,
        idle_max=3600,
        abs_max=7200,
        created_at=START,
        last_used_at=START,
        revoked_at=None if revoked_after is None else START + revoked_after,
        revoke_reason=None if revoked_after is None else RevokeReason.LOGOUT,
    )


def test_a_session_finishes_at_its_revocation_or_else_at_its_idle_deadline() -> None:
    """The absolute deadline alone does not finish a session; see ``session_finished_at``."""
    assert session_finished_at(a_session()) == START + timedelta(hours=1)
    assert session_finished_at(a_session(revoked_after=MINUTE)) == START + MINUTE


def test_a_token_expires_at_its_whole_second_issue_time_plus_the_idle_window() -> None:
    """The JWT ``exp``: the issue time's fraction of a second does not count."""
    session = a_session()
    token = RefreshTokenRecord("j", session.id, START + timedelta(microseconds=999_999))
    assert token_expires_at(token, session) == START + timedelta(hours=1)


@pytest.mark.parametrize(
    ("cutoff_after_start", "deletable"),
    [(timedelta(hours=1) - timedelta(seconds=1), False), (timedelta(hours=1), True)],
)
def test_the_cutoff_is_inclusive(cutoff_after_start: timedelta, deletable: bool) -> None:  # noqa: FBT001 - a parameter of the table above
    """A row whose instant is the cutoff itself may go; a second later it may not."""
    session = a_session()
    token = RefreshTokenRecord("j", session.id, START)
    retention = Retention(START + cutoff_after_start)
    assert retention.may_delete_session(session) is deletable
    assert retention.may_delete_token(token, session) is deletable


def test_nothing_of_a_live_session_is_ever_deletable() -> None:
    """Even with a cutoff of now: live means before the idle deadline, every token's exp."""
    session = a_session()
    now = START + timedelta(minutes=59)
    assert session.is_live(now)
    retention = Retention.before(now, timedelta(0))
    assert not retention.may_delete_session(session)
    assert not retention.may_delete_token(RefreshTokenRecord("j", session.id, START), session)


def rotated_once(services: Services, clock: FixedClock) -> tuple[SignedInMember, str]:
    """The owner signed in and refreshed a minute later: (signed in, the new refresh token)."""
    owner = owner_signed_in(services)
    clock.advance(MINUTE)
    return owner, refresh(services, owner.tokens.refresh_token, BROWSER).refresh_token


def prune_all(services: Services, older_than: timedelta, limit: int = 100) -> tuple[int, int, int]:
    """Run both prunes to the end: (sessions, their tokens, other expired tokens)."""
    retention = retention_from_now(services, older_than)
    sessions = tokens = 0
    while (pruned := prune_login_sessions(services, retention, limit)).sessions:
        sessions, tokens = sessions + pruned.sessions, tokens + pruned.tokens
    others = 0
    while count := prune_refresh_tokens(services, retention, limit):
        others += count
    return sessions, tokens, others


def test_a_consumed_token_is_kept_until_it_expires_so_its_replay_still_revokes_the_family(
    services: Services, clock: FixedClock, store: MemoryStore
) -> None:
    """Deleting it early would turn a replay into an unknown token and hide the theft."""
    owner, _ = rotated_once(services, clock)
    clock.advance(timedelta(hours=1))
    assert prune_all(services, MINUTE) == (0, 0, 0)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, owner.tokens.refresh_token, BROWSER)
    assert store.tables.login_sessions[owner.principal.sid].revoke_reason is (
        RevokeReason.REFRESH_TOKEN_REUSED
    )


def test_an_expired_consumed_token_goes_and_the_live_session_keeps_working(
    services: Services, clock: FixedClock, store: MemoryStore
) -> None:
    """Past its own exp plus the retention the first token goes; its successor stays live."""
    owner = owner_signed_in(services)
    live = owner.tokens.refresh_token
    for _ in range(3):  # keep the session alive past the first token's expiry
        clock.advance(timedelta(days=1))
        live = refresh(services, live, BROWSER).refresh_token
    first_jti = services.codec.decode_refresh(owner.tokens.refresh_token).jti
    clock.advance(timedelta(hours=2))
    assert prune_all(services, timedelta(hours=1)) == (0, 0, 1)
    assert first_jti not in store.tables.refresh_tokens
    assert len(store.tables.refresh_tokens) == 3
    refresh(services, live, BROWSER)


def test_a_logged_out_session_goes_with_its_tokens_once_the_retention_has_passed(
    services: Services, clock: FixedClock, store: MemoryStore
) -> None:
    """Kept for the retention after the logout, then deleted whole."""
    owner, _ = rotated_once(services, clock)
    logout(services, owner.principal)
    clock.advance(timedelta(days=1) - MINUTE)
    assert prune_all(services, timedelta(days=1)) == (0, 0, 0)
    clock.advance(MINUTE)
    assert prune_all(services, timedelta(days=1)) == (1, 2, 0)
    assert store.tables.login_sessions == {}
    assert store.tables.refresh_tokens == {}


def test_an_absolute_expired_session_stays_while_its_token_can_still_say_so(
    services: Services, clock: FixedClock, store: MemoryStore
) -> None:
    """Until the idle deadline its token answers session_expired_absolute, not a plain 401."""
    owner = owner_signed_in(services)
    live = owner.tokens.refresh_token
    for step in [IDLE - MINUTE] * 4 + [timedelta(days=2)]:  # the last rotation just before day 14
        clock.advance(step)
        live = refresh(services, live, BROWSER).refresh_token
    clock.advance(timedelta(days=1))
    assert clock.now() > START + timedelta(days=14)  # the absolute deadline
    assert prune_all(services, MINUTE) == (0, 0, 4)  # only the four expired, consumed tokens
    with pytest.raises(SessionExpiredAbsolute):
        refresh(services, live, BROWSER)
    clock.advance(IDLE)
    assert prune_all(services, MINUTE) == (1, 2, 0)
    assert owner.principal.sid not in store.tables.login_sessions


def test_each_batch_deletes_at_most_its_limit_and_reruns_converge(
    services: Services, clock: FixedClock, store: MemoryStore
) -> None:
    """Three finished sessions, a limit of two: two, then one, then nothing."""
    owner = owner_signed_in(services)
    for _ in range(2):
        logout(services, sign_in(services, owner.user.email).principal)
    logout(services, owner.principal)
    clock.advance(timedelta(days=2))
    retention = retention_from_now(services, timedelta(days=1))
    assert prune_login_sessions(services, retention, 2) == PrunedSessions(sessions=2, tokens=2)
    assert prune_login_sessions(services, retention, 2) == PrunedSessions(sessions=1, tokens=1)
    assert prune_login_sessions(services, retention, 2) == PrunedSessions(sessions=0, tokens=0)
    assert prune_refresh_tokens(services, retention, 2) == 0
    assert store.tables.login_sessions == {}
