"""Properties of an owner's bulk revocation, and of the selector every revocation uses."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs
from hypothesis import given, settings

from adapters.memory import MemoryUnitOfWork
from decision_core import audit
from decision_core.clock import unix_seconds
from decision_core.login.revocation import BulkScope, SessionSelector
from decision_core.login.sessions import LoginSession, RevokeReason, new_login_session
from decision_core.login.tokens import SessionSnapshot
from decision_core.roles import Role
from decision_core.usecases.account_security import revoke_sessions
from decision_core.usecases.context import Principal
from tests.unit.strategies import (
    HOUR,
    NOW,
    BulkCase,
    SelectorCase,
    World,
    bulk_cases,
    selector_cases,
)


def live(session: LoginSession, now: datetime) -> bool:
    """Not revoked, and before both its absolute and its idle deadline."""
    absolute_deadline = session.auth_time.timestamp() + session.abs_max
    idle_deadline = session.last_used_at.timestamp() + session.idle_max
    return (
        session.revoked_at is None
        and now.timestamp() < absolute_deadline
        and now.timestamp() < idle_deadline
    )


def in_scope(case: BulkCase, session: LoginSession) -> bool:
    """A live session of the caller's account, and not the caller's under ``others``."""
    caller = case.account.users[0]
    return (
        live(session, NOW)
        and session.account_id == case.account.account.id
        and (case.scope is BulkScope.ALL or session.user_id != caller.id)
    )


def world_of(case: BulkCase) -> World:
    """Every account, user and session of the case, stored; the caller confirmed who they are."""
    world = World()
    world.put(
        accounts=[state.account for state in case.states],
        users=[user for state in case.states for user in state.users],
        sessions=[session for state in case.states for session in state.sessions],
    )
    confirmed_just_now(world, case)
    return world


def caller_sid(case: BulkCase) -> UUID:
    """The login session the caller's access token names: their first one in the case."""
    caller = case.account.users[0]
    own = [s.id for s in case.account.sessions if s.user_id == caller.id]
    return own[0] if own else UUID(int=0)


def confirmed_just_now(world: World, case: BulkCase) -> None:
    """The caller proved who they are at ``NOW``, as ``all`` (a step-up change) needs.

    A caller without a session in the case acts with the access token of one revoked
    since, which is still accepted for its last minutes: a revoked row, proved now.
    """
    caller = case.account.users[0]
    sid = caller_sid(case)
    with MemoryUnitOfWork(world.store) as uow:
        if uow.login_sessions.get(sid) is None:
            snapshot = SessionSnapshot(unix_seconds(NOW) - HOUR, HOUR, 2 * HOUR)
            signed_out = new_login_session(
                sid=sid,
                user_id=caller.id,
                account_id=caller.account_id,
                snapshot=snapshot,
                user_agent=None,
                ip=None,
            )
            uow.login_sessions.add(
                attrs.evolve(signed_out, revoked_at=NOW, revoke_reason=RevokeReason.LOGOUT)
            )
        uow.login_sessions.mark_reauthenticated(sid, NOW)
        uow.commit()


def revoke(world: World, case: BulkCase) -> int:
    """The case's owner revokes with the case's scope."""
    caller = case.account.users[0]
    principal = Principal(
        user_id=caller.id, sid=caller_sid(case), account_id=caller.account_id, role=Role.OWNER
    )
    return revoke_sessions(world.services, principal, case.scope)


@settings(max_examples=75, deadline=None)
@given(bulk_cases())
def test_bulk_revocation_ends_and_counts_exactly_the_live_sessions_in_scope(
    case: BulkCase,
) -> None:
    """The count is the number of sessions live in scope, and exactly those are revoked."""
    world = world_of(case)
    before = world.sessions()
    expected = {sid for sid, session in before.items() if in_scope(case, session)}

    revoked = revoke(world, case)

    assert revoked == len(expected)
    reason = RevokeReason.BULK_ALL if case.scope is BulkScope.ALL else RevokeReason.BULK_OTHERS
    for sid, session in world.sessions().items():
        if sid in expected:
            assert (session.revoked_at, session.revoke_reason) == (NOW, reason)
        else:
            assert session == before[sid]


@settings(max_examples=75, deadline=None)
@given(bulk_cases())
def test_a_repeated_bulk_revocation_returns_0_and_changes_nothing(case: BulkCase) -> None:
    """An immediate second call ends nothing, and each call writes one bulk audit event."""
    world = world_of(case)
    first = revoke(world, case)
    after_first = world.sessions()

    assert revoke(world, case) == 0

    assert world.sessions() == after_first
    bulk_events = [e for e in world.store.tables.audit if e.action == audit.SESSIONS_REVOKED_BULK]
    assert [e.details["revoked_count"] for e in bulk_events] == [first, 0]
    assert {e.details["scope"] for e in bulk_events} == {case.scope.value}


@settings(max_examples=75, deadline=None)
@given(bulk_cases())
def test_bulk_revocation_never_touches_another_accounts_sessions(case: BulkCase) -> None:
    """Every session of every other account stays exactly as it was."""
    world = world_of(case)
    theirs = {s.id: s for state in case.states if state is not case.account for s in state.sessions}

    revoke(world, case)

    after = world.sessions()
    assert {sid: after[sid] for sid in theirs} == theirs


@settings(max_examples=75, deadline=None)
@given(bulk_cases())
def test_revoking_others_never_touches_the_callers_sessions(case: BulkCase) -> None:
    """Under ``others``, each of the caller's own sessions stays exactly as it was."""
    world = world_of(case)
    caller = case.account.users[0]
    before = world.sessions()
    own = {s.id: before[s.id] for s in case.account.sessions if s.user_id == caller.id}

    revoke(world, BulkCase(case.states, case.caller, BulkScope.OTHERS))

    after = world.sessions()
    assert {sid: after[sid] for sid in own} == own


@settings(max_examples=75, deadline=None)
@given(bulk_cases())
def test_revoking_all_leaves_no_live_session_in_the_account(case: BulkCase) -> None:
    """Under ``all``, not one session of the caller's account is live afterwards."""
    world = world_of(case)

    revoke(world, BulkCase(case.states, case.caller, BulkScope.ALL))

    account_id = case.account.account.id
    ours = [s for s in world.sessions().values() if s.account_id == account_id]
    assert not any(live(session, NOW) for session in ours)
    assert not any(session.is_live(NOW) for session in ours)


@given(selector_cases())
def test_a_selector_matches_exactly_the_live_sessions_it_names(case: SelectorCase) -> None:
    """Live, in the account, the named sid and user if any, and none of the excepted ones."""
    session = case.session
    selector = SessionSelector(
        account_id=case.account_id,
        sid=case.sid,
        user_id=case.user_id,
        except_user_id=case.except_user_id,
        except_sid=case.except_sid,
    )
    expected = (
        live(session, NOW)
        and session.account_id == case.account_id
        and case.sid in (None, session.id)
        and case.user_id in (None, session.user_id)
        and (case.except_user_id is None or session.user_id != case.except_user_id)
        and (case.except_sid is None or session.id != case.except_sid)
    )

    assert selector.matches(session, NOW) is expected
