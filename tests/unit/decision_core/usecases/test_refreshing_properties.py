"""Properties of refresh-token rotation at the use-case level, over the memory adapters."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_core import audit
from decision_core.errors import InvalidRefreshToken
from decision_core.login.sessions import RevokeReason
from decision_core.login.tokens import SessionSnapshot
from decision_core.usecases.token_issuing import IssuedTokens
from tests.unit.conftest import WITHOUT_REUSE_GRACE
from tests.unit.strategies import (
    NOW,
    NOW_S,
    Presentation,
    RefreshSchedule,
    World,
    default_policy_seconds,
    presentations,
    refresh_schedules,
)


@settings(max_examples=75, deadline=None)
@given(refresh_schedules())
def test_rotations_carry_auth_time_idle_max_abs_max_and_sid_forward_unchanged(
    plan: RefreshSchedule,
) -> None:
    """Every rotation inside both windows keeps the sign-in's snapshot and login session."""
    world = World(now=NOW + timedelta(microseconds=plan.start_microseconds))
    signed_in = world.sign_in(plan.policy)
    first = world.claims(signed_in)
    assert first.snapshot == SessionSnapshot(NOW_S, *default_policy_seconds(plan.policy))

    tokens = signed_in
    for wait in plan.waits:
        world.wait(wait)
        result = world.present(tokens.refresh_token)
        assert isinstance(result, IssuedTokens), result
        claims = world.claims(result)
        assert (claims.sub, claims.sid, claims.snapshot) == (first.sub, first.sid, first.snapshot)
        assert claims.iat == world.now_s()
        assert claims.exp == claims.iat + first.snapshot.idle_max
        assert result.absolute_expires_at == signed_in.absolute_expires_at
        assert world.sessions()[first.sid].snapshot == first.snapshot
        tokens = result


@settings(max_examples=75, deadline=None)
@given(st.integers(0, 5), presentations())
def test_each_token_rotates_at_most_once_and_any_replay_revokes_its_family(
    rotations: int, sequence: list[Presentation]
) -> None:
    """Against a reference model: only the newest token rotates, and a replay ends them all.

    Without the reuse grace, which forgives the newest token's predecessor (its own
    properties are in test_refresh_grace).
    """
    world = World(WITHOUT_REUSE_GRACE.auth)
    issued = [world.sign_in()]
    sid = world.claims(issued[0]).sid
    for _ in range(rotations):
        world.wait(1)
        rotated = world.present(issued[-1].refresh_token)
        assert isinstance(rotated, IssuedTokens), rotated
        issued.append(rotated)

    # The model: the newest token is live until a presentation of any other revokes all.
    revoked = False
    for presentation in sequence:
        world.wait(presentation.wait)
        pick = presentation.pick % len(issued)
        result = world.present(issued[pick].refresh_token)
        if not revoked and pick == len(issued) - 1:
            assert isinstance(result, IssuedTokens), result
            issued.append(result)
        else:
            assert isinstance(result, InvalidRefreshToken), result
            revoked = True

    jtis = [world.claims(tokens).jti for tokens in issued]
    records = world.token_records()
    assert set(records) == set(jtis)
    rotations_of = Counter(r.parent_jti for r in records.values() if r.parent_jti is not None)
    assert rotations_of == Counter(jtis[:-1])
    assert [records[jti].parent_jti for jti in jtis[1:]] == jtis[:-1]
    session = world.sessions()[sid]
    assert (session.revoked_at is not None) is revoked
    assert session.revoke_reason is (RevokeReason.REFRESH_TOKEN_REUSED if revoked else None)
    assert list(world.audit_actions()).count(audit.REFRESH_TOKEN_REUSED) == int(revoked)
    if revoked:
        for tokens in issued:
            assert isinstance(world.present(tokens.refresh_token), InvalidRefreshToken)
        assert world.token_records() == records
