"""Properties of the pure refresh decisions: where the idle and absolute deadlines fall."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import attrs
from hypothesis import given

from decision_core.clock import from_unix
from decision_core.login.refresh import (
    Admitted,
    ExpiredAbsolute,
    ExpiredIdle,
    Rotate,
    admit_refresh,
    deadline_passed,
    decide_after_consume,
    plan_rotation,
)
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, TokenConsumed
from decision_core.login.tokens import SessionSnapshot, refresh_claims_for
from tests.unit.strategies import AbsoluteCase, IdleCase, a_user, absolute_cases, idle_cases

SID, USER, ACCOUNT = UUID(int=1), UUID(int=2), UUID(int=3)


@given(absolute_cases())
def test_a_consumed_token_is_absolutely_expired_exactly_from_the_deadline_on(
    case: AbsoluteCase,
) -> None:
    """A consumed token rotates before ``auth_time + abs_max`` and expires at and after it."""
    snapshot = SessionSnapshot(case.auth_time, case.idle_max, case.abs_max)
    session = LoginSession(
        id=SID,
        user_id=USER,
        account_id=ACCOUNT,
        auth_time=from_unix(case.auth_time),
        idle_max=case.idle_max,
        abs_max=case.abs_max,
        created_at=from_unix(case.auth_time),
        last_used_at=from_unix(case.auth_time),
    )
    claims = refresh_claims_for(USER, SID, "jti", case.auth_time, snapshot)
    token = RefreshTokenRecord(
        "jti", SID, from_unix(case.auth_time), consumed_at=from_unix(case.now)
    )

    decision = decide_after_consume(
        claims,
        Admitted(snapshot, grandfathered=False),
        TokenConsumed(token, session),
        from_unix(case.now) + timedelta(microseconds=case.microseconds),
        case.grace_seconds,
    )

    if case.now >= case.auth_time + case.abs_max:
        assert decision == ExpiredAbsolute()
    else:
        assert decision == Rotate(session, snapshot)


@given(absolute_cases())
def test_a_login_session_is_live_exactly_until_its_absolute_deadline(case: AbsoluteCase) -> None:
    """``is_live`` turns false at the instant ``absolute_expires_at``, not a second later."""
    started = from_unix(case.auth_time)
    session = LoginSession(
        id=SID,
        user_id=USER,
        account_id=ACCOUNT,
        auth_time=started,
        idle_max=case.abs_max + 1,  # the idle window outlives the absolute one
        abs_max=case.abs_max,
        created_at=started,
        last_used_at=started,
    )
    now = from_unix(case.now) + timedelta(microseconds=case.microseconds)

    assert session.absolute_expires_at == from_unix(case.auth_time + case.abs_max)
    assert session.is_live(now) is (case.now < case.auth_time + case.abs_max)


@given(idle_cases())
def test_a_refresh_is_idle_expired_exactly_from_the_tokens_exp_on(case: IdleCase) -> None:
    """``admit_refresh`` answers ``ExpiredIdle`` exactly when ``now >= exp``, whoever asks."""
    admission = admit_refresh(case.claims, case.user, from_unix(case.now), case.policy)

    assert isinstance(admission, ExpiredIdle) is (case.now >= case.claims.exp)


@given(idle_cases(), absolute_cases())
def test_a_rotation_is_planned_exactly_when_the_full_steps_would_rotate(
    idle: IdleCase, absolute: AbsoluteCase
) -> None:
    """``plan_rotation`` agrees with admit + decide for a live, matching, current token."""
    claims = idle.claims
    if claims.snapshot is not None:
        # Put the absolute deadline anywhere around ``now``, too.
        claims = attrs.evolve(
            claims, auth_time=idle.now - absolute.now + absolute.auth_time, abs_max=absolute.abs_max
        )
    now = from_unix(idle.now) + timedelta(microseconds=absolute.microseconds)
    active = a_user(ACCOUNT, 0, is_active=True, user_id=claims.sub)
    plan = plan_rotation(claims, now, new_jti="next", user_agent=None, ip=None)

    admission = admit_refresh(claims, active, now, None)
    rotates = False
    if isinstance(admission, Admitted) and not admission.grandfathered:
        session = LoginSession(
            id=claims.sid,
            user_id=claims.sub,
            account_id=ACCOUNT,
            auth_time=from_unix(admission.snapshot.auth_time),
            idle_max=admission.snapshot.idle_max,
            abs_max=admission.snapshot.abs_max,
            created_at=from_unix(claims.iat),
            last_used_at=from_unix(claims.iat),
        )
        token = RefreshTokenRecord(claims.jti, claims.sid, from_unix(claims.iat), consumed_at=now)
        decision = decide_after_consume(claims, admission, TokenConsumed(token, session), now, 0)
        rotates = isinstance(decision, Rotate)

    assert (plan is not None) is rotates
    if plan is not None:
        assert plan.successor.parent_jti == claims.jti
        assert plan.last_used_at == from_unix(idle.now)
        assert plan.idle_expires_at == from_unix(idle.now + plan.snapshot.idle_max)


@given(idle_cases(), absolute_cases())
def test_a_passed_deadline_is_the_one_a_refresh_would_answer(
    idle: IdleCase, absolute: AbsoluteCase
) -> None:
    """``deadline_passed`` names idle from ``exp`` on, else absolute from its deadline on."""
    claims = idle.claims
    if claims.snapshot is not None:
        claims = attrs.evolve(
            claims, auth_time=idle.now - absolute.now + absolute.auth_time, abs_max=absolute.abs_max
        )
    now = from_unix(idle.now) + timedelta(microseconds=absolute.microseconds)

    passed = deadline_passed(claims, now)

    snapshot = claims.snapshot
    if idle.now >= claims.exp:
        assert passed == ExpiredIdle()
    elif snapshot is not None and idle.now >= snapshot.absolute_deadline:
        assert passed == ExpiredAbsolute()
    else:
        assert passed is None
