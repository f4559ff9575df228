"""``rotate_if_live``: a refresh's plain rotation in one step, or nothing at all.

The contract every adapter keeps: when the plan's conditions hold, the token
is consumed, its successor stored and the session marked used, and the user
is returned; when any fails, nothing is written and ``None`` comes back, so
the full refresh algorithm can decide from an untouched state.
"""

from __future__ import annotations

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import attrs
import pytest

from decision_core.clock import unix_seconds
from decision_core.identity import User
from decision_core.login.refresh import RotationPlan, plan_rotation
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import (
    LoginSession,
    RefreshTokenRecord,
    RevokeReason,
    TokenConsumed,
    TokenNotLive,
)
from decision_core.login.tokens import refresh_claims_for
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .examples import NOW, a_login_session, a_token, a_user, an_account, given

THREADS = 8
LATER = NOW + timedelta(minutes=5)


@attrs.frozen
class Family:
    """A user with a live session and its live token, stored."""

    user: User
    session: LoginSession
    token: RefreshTokenRecord


@pytest.fixture
def family(uow_factory: UnitOfWorkFactory) -> Family:
    """A stored account, user, session and live token."""
    account = an_account()
    user = a_user(account)
    session = attrs.evolve(a_login_session(user), user_agent="old agent", ip="10.0.0.1")
    token = a_token(session)
    given(uow_factory, account, user, session, token)
    return Family(user, session, token)


def plan_for(
    family: Family, *, user_agent: str | None = "new agent", ip: str | None = "10.0.0.2"
) -> RotationPlan:
    """The plan a refresh of the family's token at ``LATER`` makes."""
    session = family.session
    iat = unix_seconds(family.token.issued_at)
    claims = refresh_claims_for(
        session.user_id, session.id, family.token.jti, iat, session.snapshot
    )
    claims = attrs.evolve(claims, exp=int((LATER + timedelta(hours=1)).timestamp()))
    plan = plan_rotation(
        claims, LATER, new_jti=secrets.token_urlsafe(16), user_agent=user_agent, ip=ip
    )
    assert plan is not None
    return plan


def rotate(uow_factory: UnitOfWorkFactory, plan: RotationPlan) -> User | None:
    """Carry ``plan`` out in a unit of work of its own, as a refresh does."""
    with uow_factory() as uow:
        user = uow.refresh_tokens.rotate_if_live(plan)
        if user is not None:
            uow.commit()
    return user


def assert_untouched(uow_factory: UnitOfWorkFactory, family: Family, stored: LoginSession) -> None:
    """The token is still live and the session is as ``stored``."""
    with uow_factory() as uow:
        assert uow.login_sessions.get(family.session.id) == stored
        # Consuming now succeeds: nobody consumed it before.
        outcome = uow.refresh_tokens.consume_if_live(family.token.jti, LATER)
    assert isinstance(outcome, TokenConsumed)


def test_a_plan_that_holds_rotates_and_answers_the_user(
    uow_factory: UnitOfWorkFactory, family: Family
) -> None:
    """Consumed at the plan's instant, succeeded by its token, the session marked used."""
    plan = plan_for(family)
    assert rotate(uow_factory, plan) == family.user
    with uow_factory() as uow:
        session = uow.login_sessions.get(family.session.id)
        outcome = uow.refresh_tokens.consume_if_live(family.token.jti, LATER)
    assert session == attrs.evolve(
        family.session, last_used_at=plan.last_used_at, user_agent="new agent", ip="10.0.0.2"
    )
    assert outcome == TokenNotLive(
        token=attrs.evolve(family.token, consumed_at=plan.now),
        session=session,
        successor=plan.successor,
    )


def test_a_rotation_the_unit_of_work_does_not_commit_is_rolled_back(
    uow_factory: UnitOfWorkFactory, family: Family
) -> None:
    """Like every write, on every database: durable only through ``uow.commit()``."""
    with uow_factory() as uow:
        assert uow.refresh_tokens.rotate_if_live(plan_for(family)) == family.user
    assert_untouched(uow_factory, family, family.session)


def test_the_stored_idle_deadline_moves_with_the_rotation(
    uow_factory: UnitOfWorkFactory, family: Family
) -> None:
    """Live-session queries see the new idle window, to the second."""
    plan = plan_for(family)
    rotate(uow_factory, plan)
    window = timedelta(seconds=family.session.idle_max)
    with uow_factory() as uow:
        just_before = uow.login_sessions.live_for_user(
            family.user.id, plan.last_used_at + window - timedelta(seconds=1)
        )
        at_deadline = uow.login_sessions.live_for_user(family.user.id, plan.last_used_at + window)
    assert [s.id for s in just_before] == [family.session.id]
    assert at_deadline == []


def test_a_client_without_agent_or_address_keeps_the_sessions(
    uow_factory: UnitOfWorkFactory, family: Family
) -> None:
    """The stored user agent and address stay when the client sends none."""
    plan = plan_for(family, user_agent=None, ip=None)
    rotate(uow_factory, plan)
    with uow_factory() as uow:
        session = uow.login_sessions.get(family.session.id)
    assert session is not None
    assert (session.user_agent, session.ip) == ("old agent", "10.0.0.1")


def test_a_consumed_token_is_not_rotated_again(
    uow_factory: UnitOfWorkFactory, family: Family
) -> None:
    """The second of two plans for one token writes nothing."""
    first = plan_for(family)
    assert rotate(uow_factory, first) is not None
    second = plan_for(family)
    assert rotate(uow_factory, second) is None
    with uow_factory() as uow:
        outcome = uow.refresh_tokens.consume_if_live(family.token.jti, LATER)
    assert isinstance(outcome, TokenNotLive)
    assert outcome.successor == first.successor  # not the second plan's


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: attrs.evolve(p, jti="never-issued"), id="unknown-token"),
        pytest.param(lambda p: attrs.evolve(p, user_id=a_user(an_account()).id), id="other-user"),
        pytest.param(
            lambda p: attrs.evolve(p, snapshot=attrs.evolve(p.snapshot, idle_max=1)),
            id="other-idle-window",
        ),
    ],
)
def test_a_plan_for_other_claims_writes_nothing(
    uow_factory: UnitOfWorkFactory, family: Family, change: object
) -> None:
    """The claims must name this token, this user and this session's idle window."""
    plan = change(plan_for(family))  # type: ignore[operator]
    assert rotate(uow_factory, plan) is None
    assert_untouched(uow_factory, family, family.session)


def test_a_plan_naming_another_session_writes_nothing(
    uow_factory: UnitOfWorkFactory, family: Family
) -> None:
    """A token is rotated only within its own session."""
    other = a_login_session(family.user)
    given(uow_factory, other)
    plan = attrs.evolve(plan_for(family), sid=other.id)
    assert rotate(uow_factory, plan) is None
    assert_untouched(uow_factory, family, family.session)
    with uow_factory() as uow:
        assert uow.login_sessions.get(other.id) == other


def test_a_revoked_session_is_not_rotated(uow_factory: UnitOfWorkFactory, family: Family) -> None:
    """Nothing written; the token stays unconsumed for the full algorithm to judge."""
    selector = SessionSelector(family.user.account_id, sid=family.session.id)
    with uow_factory() as uow:
        uow.login_sessions.revoke_live(selector, NOW, RevokeReason.LOGOUT)
        uow.commit()
    assert rotate(uow_factory, plan_for(family)) is None
    with uow_factory() as uow:
        session = uow.login_sessions.get(family.session.id)
        outcome = uow.refresh_tokens.consume_if_live(family.token.jti, LATER)
    assert session is not None
    assert session.last_used_at == family.session.last_used_at
    assert outcome == TokenNotLive(token=family.token, session=session, successor=None)


def test_an_inactive_user_is_not_rotated(uow_factory: UnitOfWorkFactory, family: Family) -> None:
    """A deactivated user's token is left for the full algorithm to refuse."""
    with uow_factory() as uow:
        uow.users.save(attrs.evolve(family.user, is_active=False))
        uow.commit()
    assert rotate(uow_factory, plan_for(family)) is None
    assert_untouched(uow_factory, family, family.session)


def test_of_concurrent_plans_for_one_token_one_rotates(
    uow_factory: UnitOfWorkFactory, family: Family
) -> None:
    """Across threads (and so, on PostgreSQL, connections) exactly one plan is carried out."""
    plans = [plan_for(family) for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def present(plan: RotationPlan) -> User | None:
        start.wait(timeout=RELEASE_TIMEOUT_SECONDS)
        return rotate(uow_factory, plan)

    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(present, plans))
    winners = [plan for plan, user in zip(plans, answers, strict=True) if user is not None]
    assert len(winners) == 1
    with uow_factory() as uow:
        outcome = uow.refresh_tokens.consume_if_live(family.token.jti, LATER)
    assert isinstance(outcome, TokenNotLive)
    assert outcome.successor == winners[0].successor
