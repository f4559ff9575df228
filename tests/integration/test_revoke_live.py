from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest

from decision_core.identity import Account, User
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import LoginSession, RevokeReason
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import HOUR, NOW, a_login_session, a_user, an_account, given


@attrs.frozen
class SessionsOfTwoUsers:
    """Two users with two live sessions each, expired and revoked ones, and a stranger."""

    account: Account
    alice: User
    bob: User
    sessions: tuple[LoginSession, ...]

    def of(self, user: User) -> list[LoginSession]:
        """The live sessions of ``user``."""
        return [s for s in self.sessions if s.user_id == user.id and s.is_live(NOW)]


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory) -> SessionsOfTwoUsers:
    """Store the world and return it."""
    account, other = an_account(), an_account()
    alice, bob, stranger = a_user(account), a_user(account), a_user(other)
    revoked_earlier = attrs.evolve(
        a_login_session(alice),
        revoked_at=NOW - timedelta(minutes=5),
        revoke_reason=RevokeReason.LOGOUT,
    )
    sessions = (
        a_login_session(alice),
        a_login_session(alice),
        a_login_session(bob),
        a_login_session(bob),
        a_login_session(bob, started=NOW - timedelta(hours=3), idle_max=HOUR),
        revoked_earlier,
        a_login_session(stranger),
    )
    given(uow_factory, account, other, alice, bob, stranger, *sessions)
    return SessionsOfTwoUsers(account, alice, bob, sessions)


SELECTORS: dict[str, Callable[[SessionsOfTwoUsers], SessionSelector]] = {
    "whole account": lambda w: SessionSelector(w.account.id),
    "one session": lambda w: SessionSelector(w.account.id, sid=w.of(w.alice)[0].id),
    "one user": lambda w: SessionSelector(w.account.id, user_id=w.bob.id),
    "all but one user": lambda w: SessionSelector(w.account.id, except_user_id=w.alice.id),
    "all but one session": lambda w: SessionSelector(w.account.id, except_sid=w.of(w.bob)[0].id),
    "a user's other sessions": lambda w: SessionSelector(
        w.account.id, user_id=w.alice.id, except_sid=w.of(w.alice)[0].id
    ),
    "a session of another account": lambda w: SessionSelector(w.account.id, sid=w.sessions[-1].id),
    "an expired session": lambda w: SessionSelector(w.account.id, sid=w.sessions[4].id),
}


@pytest.mark.parametrize("name", SELECTORS)
def test_revocation_ends_exactly_what_the_selector_matches(
    uow_factory: UnitOfWorkFactory, world: SessionsOfTwoUsers, name: str
) -> None:
    """The count and the ended sessions are those ``SessionSelector.matches`` picks."""
    selector = SELECTORS[name](world)
    expected = {s.id for s in world.sessions if selector.matches(s, NOW)}
    with uow_factory() as uow:
        count = uow.login_sessions.revoke_live(selector, NOW, RevokeReason.BULK_OTHERS)
        uow.commit()
    assert count == len(expected)
    with uow_factory() as uow:
        for before in world.sessions:
            after = uow.login_sessions.get(before.id)
            if before.id in expected:
                revoked = attrs.evolve(
                    before, revoked_at=NOW, revoke_reason=RevokeReason.BULK_OTHERS
                )
                assert after == revoked
            else:
                assert after == before


def test_an_immediate_repeat_revokes_nothing(
    uow_factory: UnitOfWorkFactory, world: SessionsOfTwoUsers
) -> None:
    """Revocation only touches live sessions, so it is idempotent."""
    selector = SessionSelector(world.account.id)
    with uow_factory() as uow:
        assert uow.login_sessions.revoke_live(selector, NOW, RevokeReason.BULK_ALL) == 4
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_sessions.revoke_live(selector, NOW, RevokeReason.BULK_ALL) == 0


def test_revoking_one_account_leaves_another_alone(
    uow_factory: UnitOfWorkFactory, world: SessionsOfTwoUsers
) -> None:
    """The stranger's session in the other account stays live."""
    stranger_session = world.sessions[-1]
    with uow_factory() as uow:
        uow.login_sessions.revoke_live(
            SessionSelector(world.account.id), NOW, RevokeReason.BULK_ALL
        )
        assert uow.login_sessions.get(stranger_session.id) == stranger_session
        uow.login_sessions.revoke_live(
            SessionSelector(stranger_session.account_id), NOW, RevokeReason.BULK_ALL
        )
        assert uow.login_sessions.live_for_user(stranger_session.user_id, NOW) == []


@pytest.mark.parametrize("name", SELECTORS)
def test_a_limited_revocation_ends_at_most_the_limit_and_repeats_converge(
    uow_factory: UnitOfWorkFactory, world: SessionsOfTwoUsers, name: str
) -> None:
    """Batches of 1 end one matching session each, in separate transactions, until none is left.

    ``count_live`` says how many there are to end beforehand, and 0 after.

    The end state is the unlimited revocation's: every match ended with the
    reason, every other session (another account's, a dead one) as it was.
    """
    selector = SELECTORS[name](world)
    expected = {s.id for s in world.sessions if selector.matches(s, NOW)}
    with uow_factory() as uow:
        assert uow.login_sessions.count_live(selector, NOW) == len(expected)
    counts: list[int] = []
    for _ in range(len(world.sessions) + 1):
        with uow_factory() as uow:
            counts.append(
                uow.login_sessions.revoke_live(selector, NOW, RevokeReason.BULK_ALL, limit=1)
            )
            uow.commit()
    assert counts == [1] * len(expected) + [0] * (len(world.sessions) + 1 - len(expected))
    with uow_factory() as uow:
        assert uow.login_sessions.count_live(selector, NOW) == 0
        for before in world.sessions:
            after = uow.login_sessions.get(before.id)
            if before.id in expected:
                assert after == attrs.evolve(
                    before, revoked_at=NOW, revoke_reason=RevokeReason.BULK_ALL
                )
            else:
                assert after == before


def test_a_limit_above_the_matches_ends_them_all_at_once(
    uow_factory: UnitOfWorkFactory, world: SessionsOfTwoUsers
) -> None:
    """3 of 4 live sessions, then the last one, then nothing; the stranger is never touched."""
    selector = SessionSelector(world.account.id)
    with uow_factory() as uow:
        assert uow.login_sessions.revoke_live(selector, NOW, RevokeReason.BULK_ALL, limit=3) == 3
        uow.commit()
    with uow_factory() as uow:
        assert uow.login_sessions.revoke_live(selector, NOW, RevokeReason.BULK_ALL, limit=3) == 1
        assert uow.login_sessions.revoke_live(selector, NOW, RevokeReason.BULK_ALL, limit=9) == 0
        uow.commit()
    with uow_factory() as uow:
        for user in (world.alice, world.bob):
            assert uow.login_sessions.live_for_user(user.id, NOW) == []
        stranger_session = world.sessions[-1]
        assert uow.login_sessions.get(stranger_session.id) == stranger_session
        expired = world.sessions[4]
        assert uow.login_sessions.get(expired.id) == expired
