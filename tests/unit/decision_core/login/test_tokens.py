"""Properties of the bounds on refresh-token claims: numbers we never issue are never trusted."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_core.clock import from_unix
from decision_core.errors import InvalidRefreshToken
from decision_core.login.policy import EffectivePolicy
from decision_core.login.refresh import Invalid, admit_refresh, plan_rotation
from decision_core.login.tokens import (
    LATEST_UNIX_SECOND,
    LONGEST_SESSION_SECONDS,
    RefreshClaims,
    refresh_claims_problem,
)
from decision_core.usecases.token_issuing import IssuedTokens
from tests.unit.strategies import (
    DAY,
    IdleCase,
    World,
    a_user,
    idle_cases,
    implausible_claims,
    implausible_variants,
    sub_seconds,
    unix_times,
)

ACCOUNT = UUID(int=3)


@given(implausible_claims(), unix_times(), sub_seconds())
def test_implausible_claims_are_invalid_before_any_other_step(
    claims: RefreshClaims, now_s: int, microseconds: int
) -> None:
    """Whenever presented, by an active user: no expiry, no rotation plan, just invalid."""
    now = from_unix(now_s) + timedelta(microseconds=microseconds)
    active = a_user(ACCOUNT, 0, is_active=True, user_id=claims.sub)

    assert refresh_claims_problem(claims) is not None
    assert isinstance(admit_refresh(claims, active, now, EffectivePolicy(60, 240)), Invalid)
    assert plan_rotation(claims, now, new_jti="next", user_agent=None, ip=None) is None


@given(idle_cases())
def test_claims_like_the_ones_we_issue_pass(case: IdleCase) -> None:
    """Snapshots of any policy, signed in up to a day before ``iat``, and legacy tokens."""
    assert refresh_claims_problem(case.claims) is None


def test_the_bounds_themselves_pass() -> None:
    """The longest lifetimes, a sign-in at ``iat``, and instants from 1970 to 9999's end."""
    ids = UUID(int=1), UUID(int=2)
    longest = RefreshClaims(
        *ids,
        jti="j",
        iat=LATEST_UNIX_SECOND,
        exp=LATEST_UNIX_SECOND,
        auth_time=LATEST_UNIX_SECOND - LONGEST_SESSION_SECONDS,
        idle_max=LONGEST_SESSION_SECONDS,
        abs_max=LONGEST_SESSION_SECONDS,
    )
    earliest = RefreshClaims(*ids, jti="j", iat=0, exp=0, auth_time=0, idle_max=1, abs_max=1)
    legacy = RefreshClaims(*ids, jti="j", iat=0, exp=LATEST_UNIX_SECOND)
    for claims in (longest, earliest, legacy):
        assert refresh_claims_problem(claims) is None


# A refresh token's claims as we issue them: a snapshot, a sign-in a day before ``iat``.
BOUNDED = RefreshClaims(
    UUID(int=1), UUID(int=2), jti="j", iat=DAY, exp=2 * DAY, auth_time=0, idle_max=60, abs_max=3600
)


@pytest.mark.parametrize(
    ("claims", "problem"),
    [
        (
            attrs.evolve(BOUNDED, exp=LATEST_UNIX_SECOND + 1),
            "iat or exp is not an instant between 1970 and 9999",
        ),
        (
            attrs.evolve(BOUNDED, abs_max=None),
            "only some of auth_time, idle_max and abs_max are present",
        ),
        (
            attrs.evolve(BOUNDED, idle_max=0),
            "idle_max or abs_max is not a lifetime any policy grants",
        ),
        (
            attrs.evolve(BOUNDED, auth_time=DAY + 1),
            "auth_time is not a sign-in before the token's iat",
        ),
        (
            attrs.evolve(
                BOUNDED,
                iat=LATEST_UNIX_SECOND,
                exp=LATEST_UNIX_SECOND,
                auth_time=LATEST_UNIX_SECOND - 1,
                abs_max=LONGEST_SESSION_SECONDS,
            ),
            "auth_time + abs_max is not an instant before 9999",
        ),
    ],
)
def test_each_bound_names_its_own_problem(claims: RefreshClaims, problem: str) -> None:
    """One example per answer, so the coverage gate never hangs on hypothesis's example database.

    The properties above reach the rarer answers (a partial snapshot, a session
    ending after 9999) only now and then.
    """
    assert refresh_claims_problem(BOUNDED) is None
    assert refresh_claims_problem(claims) == problem


@settings(max_examples=75, deadline=None)
@given(st.data(), st.integers(0, DAY))
def test_a_token_with_implausible_claims_is_refused_and_consumes_nothing(
    data: st.DataObject, wait: int
) -> None:
    """Invalid, nothing written at all, and the genuine token (same jti) still rotates."""
    world = World()
    genuine = world.sign_in()
    forged = world.codec.encode_refresh(data.draw(implausible_variants(world.claims(genuine))))
    tokens, sessions, audit = world.token_records(), world.sessions(), list(world.audit_actions())
    world.wait(wait)

    assert isinstance(world.present(forged), InvalidRefreshToken)
    assert (world.token_records(), world.sessions()) == (tokens, sessions)
    assert list(world.audit_actions()) == audit
    assert isinstance(world.present(genuine.refresh_token), IssuedTokens)
