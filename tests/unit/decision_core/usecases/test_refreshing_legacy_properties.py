"""Properties of grandfathering legacy refresh tokens, which carry no policy snapshot."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from hypothesis import given, settings

from decision_core.clock import from_unix
from decision_core.errors import InvalidRefreshToken
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, RevokeReason
from decision_core.login.tokens import RefreshClaims, SessionSnapshot
from decision_core.usecases.token_issuing import IssuedTokens
from tests.unit.conftest import WITHOUT_REUSE_GRACE
from tests.unit.strategies import (
    NOW,
    NOW_S,
    LegacyCase,
    World,
    default_policy_seconds,
    legacy_cases,
)

SID = UUID(int=0xAAAA)
LEGACY_JTI = "legacy-jti"


def world_with_legacy_token(case: LegacyCase) -> tuple[World, str]:
    """A live login session whose only token is legacy, stored as a pre-snapshot server would."""
    world = World(WITHOUT_REUSE_GRACE.auth, now=NOW + timedelta(microseconds=case.microseconds))
    user = world.new_member(case.policy)
    started = NOW - timedelta(seconds=case.session_age)
    issued_at = NOW_S - case.issued_ago
    session = LoginSession(
        id=SID,
        user_id=user.id,
        account_id=user.account_id,
        auth_time=started,
        idle_max=case.issued_ago + case.expires_in,
        abs_max=case.session_age + case.expires_in,
        created_at=started,
        last_used_at=from_unix(issued_at),
    )
    assert session.is_live(world.clock.now())
    world.put(
        sessions=[session], tokens=[RefreshTokenRecord(LEGACY_JTI, SID, from_unix(issued_at))]
    )
    claims = RefreshClaims(
        sub=user.id, sid=SID, jti=LEGACY_JTI, iat=issued_at, exp=NOW_S + case.expires_in
    )
    assert claims.snapshot is None
    return world, world.codec.encode_refresh(claims)


@settings(max_examples=75, deadline=None)
@given(legacy_cases())
def test_a_legacy_token_is_grandfathered_once_then_its_return_is_a_replay(
    case: LegacyCase,
) -> None:
    """One rotation with ``auth_time`` = now and the current policy; presenting it again revokes."""
    world, legacy_token = world_with_legacy_token(case)
    grandfathered = SessionSnapshot(NOW_S, *default_policy_seconds(case.policy))

    successor = world.present(legacy_token)

    assert isinstance(successor, IssuedTokens), successor
    assert world.claims(successor).snapshot == grandfathered
    assert world.claims(successor).sid == SID
    assert world.sessions()[SID].snapshot == grandfathered

    world.wait(case.later)
    live = successor
    if case.rotate_successor:
        rotated = world.present(successor.refresh_token)
        assert isinstance(rotated, IssuedTokens), rotated
        assert world.claims(rotated).snapshot == grandfathered  # not grandfathered again
        live = rotated
    records = world.token_records()

    assert isinstance(world.present(legacy_token), InvalidRefreshToken)

    session = world.sessions()[SID]
    assert session.revoke_reason is RevokeReason.REFRESH_TOKEN_REUSED
    assert session.snapshot == grandfathered
    assert world.token_records() == records
    assert [r.jti for r in records.values() if r.parent_jti == LEGACY_JTI] == [
        world.claims(successor).jti
    ]
    assert isinstance(world.present(live.refresh_token), InvalidRefreshToken)
