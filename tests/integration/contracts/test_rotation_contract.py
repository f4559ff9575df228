"""Rotation and consumption: every store answers as the core's rules say.

For random stores (users active or not; sessions revoked or not, their
deadlines around the instant asked about; tokens consumed or not, rotated or
not), ``rotate_if_live`` carries a plan out exactly when
``RotationPlan.holds_for`` the stored records, and ``consume_if_live`` takes a
token exactly when ``RefreshTokenRecord.is_consumable_in`` its session: on the
memory fakes, on SQLite and on PostgreSQL alike (``uow_factory`` runs each
test on all three). Each example runs in one unit of work that is never
committed.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from decision_core.clock import unix_seconds
from decision_core.login.refresh import RotationPlan
from decision_core.login.sessions import (
    ConsumeOutcome,
    RefreshTokenRecord,
    TokenConsumed,
    TokenNotLive,
)
from decision_core.login.tokens import SessionSnapshot
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .stores import ABSOLUTE_WINDOW, ASKED_AT, IDLE_WINDOWS, Store, T, stores

# Enough examples to meet each way a plan can fail a few times; bounded, so that the
# PostgreSQL run of each test stays within seconds.
CONTRACT = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NOBODY = UUID(int=0)


@st.composite
def stores_and_plans(draw: st.DrawFn) -> tuple[Store, RotationPlan]:
    """A store and the plan a refresh of one of its tokens makes, often with a claim changed."""
    store = draw(stores(least=1))
    unconsumed = [t for t in store.tokens if t.consumed_at is None]
    token = draw(st.sampled_from([*unconsumed, *store.tokens, None]))
    session = None if token is None else store.session(token.sid)
    sid = NOBODY if session is None else session.id
    user_id = NOBODY if session is None else session.user_id
    idle_max = IDLE_WINDOWS[0] if session is None else session.idle_max
    # The claims of the token's own session, or one of them changed.
    match draw(st.sampled_from(["as stored", "as stored", "sid", "user", "idle window"])):
        case "sid":
            sid = draw(st.sampled_from([NOBODY, *(s.id for s in store.sessions)]))
        case "user":
            user_id = draw(st.sampled_from([NOBODY, *(u.id for u in store.users)]))
        case "idle window":
            idle_max = draw(st.sampled_from(IDLE_WINDOWS))
    now = draw(st.sampled_from(ASKED_AT))
    issued_at = now.replace(microsecond=0)
    jti = "never-issued" if token is None else token.jti
    plan = RotationPlan(
        jti=jti,
        sid=sid,
        user_id=user_id,
        snapshot=SessionSnapshot(
            auth_time=unix_seconds(T) - 60, idle_max=idle_max, abs_max=ABSOLUTE_WINDOW
        ),
        now=now,
        successor=RefreshTokenRecord(jti="successor", sid=sid, issued_at=issued_at, parent_jti=jti),
        user_agent=draw(st.sampled_from([None, "new agent"])),
        ip=draw(st.sampled_from([None, "198.51.100.7"])),
    )
    return store, plan


def plan_holds(store: Store, plan: RotationPlan) -> bool:
    """The core's answer: the plan holds for the stored token, session and user."""
    token, session, user = store.token(plan.jti), store.session(plan.sid), store.user(plan.user_id)
    if token is None or session is None or user is None:
        return False
    return plan.holds_for(token, session, user)


def consume_outcome(store: Store, jti: str, now: datetime) -> ConsumeOutcome:
    """The core's answer to consuming ``jti`` at ``now`` in ``store``."""
    token = store.token(jti)
    session = None if token is None else store.session(token.sid)
    if token is None or session is None:
        return TokenNotLive(token=token, session=session)
    if token.is_consumable_in(session):
        return TokenConsumed(token=attrs.evolve(token, consumed_at=now), session=session)
    return TokenNotLive(token=token, session=session, successor=store.successor(jti))


@CONTRACT
@given(example=stores_and_plans())
def test_a_plan_is_carried_out_exactly_when_it_holds(
    uow_factory: UnitOfWorkFactory, example: tuple[Store, RotationPlan]
) -> None:
    """The user when it holds, and then every write; ``None`` and no write otherwise."""
    store, plan = example
    holds = plan_holds(store, plan)
    event("the plan holds" if holds else "the plan does not hold")
    with uow_factory() as uow:
        store.write_to(uow)
        user = uow.refresh_tokens.rotate_if_live(plan)
        session = uow.login_sessions.get(plan.sid)
        consumed_again = uow.refresh_tokens.consume_if_live(plan.jti, plan.now)
    if not holds:
        assert user is None
        assert session == store.session(plan.sid)
        assert consumed_again == consume_outcome(store, plan.jti, plan.now)
        return
    stored_session = store.session(plan.sid)
    assert stored_session is not None
    assert user == store.user(plan.user_id)
    used = stored_session.used(plan.last_used_at, user_agent=plan.user_agent, ip=plan.ip)
    assert session == used
    assert session.idle_expires_at == plan.idle_expires_at
    stored_token = store.token(plan.jti)
    assert stored_token is not None
    assert consumed_again == TokenNotLive(
        token=attrs.evolve(stored_token, consumed_at=plan.now),
        session=used,
        successor=plan.successor,
    )


@st.composite
def stores_and_jtis(draw: st.DrawFn) -> tuple[Store, str]:
    """A store and the jti of one of its tokens, or one never issued."""
    store = draw(stores(least=1))
    return store, draw(st.sampled_from([*(t.jti for t in store.tokens), "never-issued"]))


@CONTRACT
@given(example=stores_and_jtis(), now=st.sampled_from(ASKED_AT))
def test_a_token_is_consumed_exactly_when_it_is_consumable(
    uow_factory: UnitOfWorkFactory, example: tuple[Store, str], now: datetime
) -> None:
    """Consumed with its session when consumable; else why not, and its successor."""
    store, jti = example
    with uow_factory() as uow:
        store.write_to(uow)
        outcome = uow.refresh_tokens.consume_if_live(jti, now)
    expected = consume_outcome(store, jti, now)
    event(type(expected).__name__)
    assert outcome == expected
