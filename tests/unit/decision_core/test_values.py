"""The small values of the core: time conversions, token claims, login sessions, selectors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import attrs

from decision_core.clock import from_unix, unix_seconds
from decision_core.login.revocation import BulkScope, SessionSelector, bulk_reason, bulk_selector
from decision_core.login.sessions import LoginSession, RevokeReason
from decision_core.login.tokens import RefreshClaims, SessionSnapshot, refresh_claims_for
from tests.unit.conftest import START

T0 = int(START.timestamp())


def a_session(last_used_at: datetime = START, revoked_at: datetime | None = None) -> LoginSession:
    """A login session that started at START with a 1 h idle and 4 h absolute policy."""
    return LoginSession(
        id=uuid4(),
        user_id=uuid4(),
        account_id=uuid4(),
        auth_time=START,
        idle_max=3600,
        abs_max=14400,
        created_at=START,
        last_used_at=last_used_at,
        revoked_at=revoked_at,
    )


def test_unix_seconds_round_down_and_back() -> None:
    """A fractional instant rounds down to its second, and converts back as aware UTC."""
    moment = START + timedelta(milliseconds=999)
    assert unix_seconds(moment) == T0
    assert from_unix(T0) == START
    assert from_unix(T0).tzinfo is UTC


def test_another_zone_comes_back_as_the_same_instant_in_utc() -> None:
    """An aware datetime in another zone has the Unix seconds of the same instant in UTC."""
    local = datetime.fromisoformat("2026-11-22T10:00:00.5+01:00")
    assert unix_seconds(local) == T0
    assert from_unix(unix_seconds(local)).tzinfo is UTC


def test_refresh_exp_is_the_idle_window_never_capped() -> None:
    """A token issued an hour before the absolute deadline still gets its full idle window."""
    snapshot = SessionSnapshot(auth_time=T0, idle_max=7200, abs_max=14400)
    claims = refresh_claims_for(uuid4(), uuid4(), "jti", T0 + 10800, snapshot)
    assert claims.exp == T0 + 18000 > snapshot.absolute_deadline == T0 + 14400
    assert claims.snapshot == snapshot


def test_a_token_missing_any_snapshot_claim_is_legacy() -> None:
    """Without all three of auth_time, idle_max and abs_max a token has no snapshot."""
    full = RefreshClaims(uuid4(), uuid4(), "jti", T0, T0 + 60, T0, 60, 120)
    assert full.snapshot == SessionSnapshot(T0, 60, 120)
    assert attrs.evolve(full, auth_time=None).snapshot is None
    assert attrs.evolve(full, idle_max=None).snapshot is None
    assert attrs.evolve(full, abs_max=None).snapshot is None


def test_session_deadlines() -> None:
    """Idle runs from the last use, absolute from the sign-in; each is expired at its instant."""
    session = a_session(last_used_at=START + timedelta(hours=3, minutes=30))
    assert session.idle_expires_at == START + timedelta(hours=4, minutes=30)
    assert session.absolute_expires_at == START + timedelta(hours=4)
    assert session.is_live(START + timedelta(hours=4, seconds=-1))
    assert not session.is_live(START + timedelta(hours=4))
    assert not a_session().is_live(START + timedelta(hours=1))
    assert not a_session(revoked_at=START).is_live(START)
    assert a_session().snapshot == SessionSnapshot(T0, 3600, 14400)


def test_selector_narrows_to_live_sessions_of_one_account() -> None:
    """A selector matches a live session of its account, and each field narrows it further."""
    session = a_session()
    account = SessionSelector(account_id=session.account_id)
    assert account.matches(session, START)
    assert not SessionSelector(account_id=uuid4()).matches(session, START)
    assert not account.matches(session, START + timedelta(hours=1))
    assert not attrs.evolve(account, sid=uuid4()).matches(session, START)
    assert attrs.evolve(account, sid=session.id).matches(session, START)
    assert not attrs.evolve(account, user_id=uuid4()).matches(session, START)
    assert not attrs.evolve(account, except_user_id=session.user_id).matches(session, START)
    assert not attrs.evolve(account, except_sid=session.id).matches(session, START)


def test_bulk_scopes_select_and_name_their_reason() -> None:
    """``others`` spares the caller and records BULK_OTHERS; ``all`` spares no one."""
    account, caller = uuid4(), uuid4()
    assert bulk_selector(account, caller, BulkScope.OTHERS) == SessionSelector(
        account_id=account, except_user_id=caller
    )
    assert bulk_selector(account, caller, BulkScope.ALL) == SessionSelector(account_id=account)
    assert bulk_reason(BulkScope.OTHERS) is RevokeReason.BULK_OTHERS
    assert bulk_reason(BulkScope.ALL) is RevokeReason.BULK_ALL
