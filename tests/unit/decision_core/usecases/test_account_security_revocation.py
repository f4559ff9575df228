from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import InvalidRefreshToken
from decision_core.login.revocation import BulkScope
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role
from decision_core.usecases.account_security import revoke_sessions
from decision_core.usecases.context import Services
from decision_core.usecases.refreshing import refresh
from tests.unit.conftest import (
    BROWSER,
    SignedInMember,
    events,
    member_with_role,
    owner_signed_in,
    sign_in,
    stored_session,
)


def live_sids(store: MemoryStore, clock: FixedClock) -> set[UUID]:
    """The ids of every live login session, in every account."""
    now = clock.now()
    return {s.id for s in store.tables.login_sessions.values() if s.is_live(now)}


def test_scope_all_revokes_the_caller_too(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """``all`` ends every live session of the account, the caller's own included."""
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    assert revoke_sessions(services, owner.principal, BulkScope.ALL) == 2
    assert live_sids(store, clock) == set()
    for signed_in in (owner, viewer):
        session = stored_session(store, signed_in.principal.sid)
        assert session.revoke_reason is RevokeReason.BULK_ALL
        with pytest.raises(InvalidRefreshToken):
            refresh(services, signed_in.tokens.refresh_token, BROWSER)


def test_scope_others_keeps_the_caller(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """``others`` ends everyone else's sessions and keeps every session of the caller."""
    second_device = sign_in(services, "owner@example.com")
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    engineer = member_with_role(services, owner, Role.ENGINEER, "engineer@example.com")
    assert revoke_sessions(services, owner.principal, BulkScope.OTHERS) == 2
    assert live_sids(store, clock) == {owner.principal.sid, second_device.principal.sid}
    for signed_in in (viewer, engineer):
        session = stored_session(store, signed_in.principal.sid)
        assert session.revoke_reason is RevokeReason.BULK_OTHERS
    refresh(services, second_device.tokens.refresh_token, BROWSER)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, viewer.tokens.refresh_token, BROWSER)


def test_revocation_never_touches_another_account(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Only this account's session is counted and ended; the other tenant stays signed in."""
    stranger = owner_signed_in(services, "stranger@example.org")
    assert revoke_sessions(services, owner.principal, BulkScope.ALL) == 1
    assert stored_session(store, stranger.principal.sid).revoked_at is None
    refresh(services, stranger.tokens.refresh_token, BROWSER)


def test_second_revocation_returns_zero(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """An immediate repeat finds no live session and leaves the first revocation as it was."""
    member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    assert revoke_sessions(services, owner.principal, BulkScope.OTHERS) == 1
    before = dict(store.tables.login_sessions)
    assert revoke_sessions(services, owner.principal, BulkScope.OTHERS) == 0
    assert store.tables.login_sessions == before


def test_exactly_one_bulk_event_per_call(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Each call writes one account.sessions_revoked_bulk event with its scope and count."""
    member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    member_with_role(services, owner, Role.ENGINEER, "engineer@example.com")
    revoke_sessions(services, owner.principal, BulkScope.OTHERS)
    revoke_sessions(services, owner.principal, BulkScope.OTHERS)
    revoke_sessions(services, owner.principal, BulkScope.ALL)
    bulk = events(store, audit.SESSIONS_REVOKED_BULK)
    assert [e.details for e in bulk] == [
        {"scope": "others", "revoked_count": 2},
        {"scope": "others", "revoked_count": 0},
        {"scope": "all", "revoked_count": 1},
    ]
    assert {(e.user_id, e.resource_id) for e in bulk} == {
        (owner.user.id, str(owner.user.account_id))
    }


def test_expired_sessions_are_not_counted(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """A session past its idle window is not live, so a revocation neither counts nor marks it."""
    clock.advance(timedelta(days=3))
    fresh = sign_in(services, "owner@example.com")
    assert revoke_sessions(services, fresh.principal, BulkScope.ALL) == 1
    assert stored_session(store, owner.principal.sid).revoked_at is None
