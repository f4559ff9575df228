from datetime import timedelta

import attrs
import pytest

from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import ActiveUser, LoginSession, RevokeReason
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import HOUR, NOW, a_login_session, a_user, an_account, given


def test_a_session_reads_back_equal(uow_factory: UnitOfWorkFactory) -> None:
    """Every field, client details included, survives the round trip."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    given(uow_factory, account, user, session)
    with uow_factory() as uow:
        assert uow.login_sessions.get(session.id) == session
        assert uow.login_sessions.get(a_login_session(user).id) is None


def test_save_replaces_last_use_client_and_snapshot(uow_factory: UnitOfWorkFactory) -> None:
    """What a rotation or a grandfathering changes is stored, and moves the idle deadline."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user, started=NOW - timedelta(hours=5), idle_max=HOUR)
    given(uow_factory, account, user, session)
    rotated = attrs.evolve(
        session,
        last_used_at=NOW - timedelta(minutes=1),
        user_agent=None,
        ip="2001:db8::1",
        auth_time=NOW - timedelta(hours=2),
        abs_max=4 * HOUR,
    )
    with uow_factory() as uow:
        assert uow.login_sessions.live_for_user(user.id, NOW) == []
        uow.login_sessions.save(rotated)
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_sessions.get(session.id) == rotated
        assert uow.login_sessions.live_for_user(user.id, NOW) == [rotated]


def test_live_sessions_of_a_user_come_most_recently_used_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Revoked, idle-expired, absolute-expired and other users' sessions are left out."""
    account = an_account()
    user, other_user = a_user(account), a_user(account)
    recent = a_login_session(user, last_used_at=NOW - timedelta(minutes=1))
    older = a_login_session(user, last_used_at=NOW - timedelta(minutes=30))
    idle_expired = a_login_session(user, started=NOW - timedelta(hours=3), idle_max=HOUR)
    absolute_expired = a_login_session(
        user, started=NOW - timedelta(hours=3), last_used_at=NOW, abs_max=2 * HOUR
    )
    revoked = a_login_session(user)
    given(
        uow_factory,
        account,
        user,
        other_user,
        older,
        recent,
        idle_expired,
        absolute_expired,
        revoked,
        a_login_session(other_user),
    )
    with uow_factory() as uow:
        uow.login_sessions.revoke_live(
            SessionSelector(account.id, sid=revoked.id), NOW, RevokeReason.LOGOUT
        )
        assert uow.login_sessions.live_for_user(user.id, NOW) == [recent, older]


@pytest.mark.parametrize(
    ("offset", "live"),
    [(timedelta(seconds=-1), True), (timedelta(0), False), (timedelta(seconds=1), False)],
)
@pytest.mark.parametrize("deadline", ["idle", "absolute"])
def test_a_session_is_over_at_its_deadline_itself(
    uow_factory: UnitOfWorkFactory, deadline: str, offset: timedelta, *, live: bool
) -> None:
    """Live one second before a deadline; not at it, nor after."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user, idle_max=HOUR, abs_max=2 * HOUR, started=NOW)
    if deadline == "absolute":
        session = attrs.evolve(session, last_used_at=NOW + timedelta(minutes=90))
    expires_at = session.idle_expires_at if deadline == "idle" else session.absolute_expires_at
    given(uow_factory, account, user, session)
    with uow_factory() as uow:
        found = uow.login_sessions.live_for_user(user.id, expires_at + offset)
    assert found == ([session] if live else [])
    assert session.is_live(expires_at + offset) is live


def test_active_users_are_distinct_and_latest_sign_in_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """One entry per user with a live session, of this account only, never-signed-in last."""
    account, other = an_account(), an_account()
    early = a_user(account, last_login_at=NOW - timedelta(hours=3))
    late = a_user(account, last_login_at=NOW - timedelta(minutes=5))
    never = a_user(account, last_login_at=None)
    only_revoked = a_user(account)
    stranger = a_user(other)
    revoked_session = a_login_session(only_revoked)
    sessions: list[LoginSession] = [
        a_login_session(early),
        a_login_session(early),
        a_login_session(late),
        a_login_session(never),
        revoked_session,
        a_login_session(stranger),
    ]
    given(uow_factory, account, other, early, late, never, only_revoked, stranger, *sessions)
    with uow_factory() as uow:
        uow.login_sessions.revoke_live(
            SessionSelector(account.id, sid=revoked_session.id), NOW, RevokeReason.LOGOUT
        )
        active = uow.login_sessions.active_users(account.id, NOW)
    assert active == [
        ActiveUser(u.id, u.name, u.email, u.last_login_at) for u in (late, early, never)
    ]


def test_save_never_resurrects_a_revoked_session(uow_factory: UnitOfWorkFactory) -> None:
    """A rotation that read the session before a revocation committed cannot undo it."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    given(uow_factory, account, user, session)
    with uow_factory() as uow:
        uow.login_sessions.revoke_live(SessionSelector(account.id), NOW, RevokeReason.BULK_ALL)
        uow.login_sessions.save(attrs.evolve(session, last_used_at=NOW))
        stored = uow.login_sessions.get(session.id)
    assert stored == attrs.evolve(
        session, last_used_at=NOW, revoked_at=NOW, revoke_reason=RevokeReason.BULK_ALL
    )
