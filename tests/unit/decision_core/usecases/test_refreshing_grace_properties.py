"""Properties of the optional reuse grace: the live token's predecessor, shortly after."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_core.errors import InvalidRefreshToken
from decision_core.login.sessions import RevokeReason
from decision_core.settings import AuthSettings
from decision_core.usecases.token_issuing import IssuedTokens
from tests.unit.strategies import NOW, GraceCase, World, grace_cases


def rotated_family(case: GraceCase) -> tuple[World, list[IssuedTokens]]:
    """A world with the case's grace, and every token pair of one rotated family."""
    start = NOW + timedelta(microseconds=case.start_microseconds)
    world = World(AuthSettings(refresh_reuse_grace_seconds=case.grace_seconds), now=start)
    issued = [world.sign_in()]
    for wait in case.rotation_waits:
        world.wait(wait)
        rotated = world.present(issued[-1].refresh_token)
        assert isinstance(rotated, IssuedTokens), rotated
        issued.append(rotated)
    return world, issued


def assert_family_revoked(world: World, live: IssuedTokens) -> None:
    """The login session ended for reuse, and its live token no longer refreshes."""
    session = world.sessions()[world.claims(live).sid]
    assert session.revoked_at is not None
    assert session.revoke_reason is RevokeReason.REFRESH_TOKEN_REUSED
    assert isinstance(world.present(live.refresh_token), InvalidRefreshToken)


@settings(max_examples=75, deadline=None)
@given(grace_cases())
def test_the_predecessor_within_the_grace_answers_the_same_live_token(case: GraceCase) -> None:
    """Within ``g`` seconds the predecessor gets the live jti again, moving nothing."""
    world, issued = rotated_family(case)
    live, predecessor = issued[-1], issued[-2]
    tokens_before, sessions_before = world.token_records(), world.sessions()

    world.clock.advance(case.wait)
    result = world.present(predecessor.refresh_token)

    if case.wait < timedelta(seconds=case.grace_seconds):
        assert isinstance(result, IssuedTokens), result
        assert world.claims(result) == world.claims(live)
        assert result.idle_expires_at == live.idle_expires_at
        assert result.absolute_expires_at == live.absolute_expires_at
        assert world.token_records() == tokens_before
        assert world.sessions() == sessions_before
        assert isinstance(world.present(live.refresh_token), IssuedTokens)
    else:
        assert isinstance(result, InvalidRefreshToken), result
        assert_family_revoked(world, live)


@settings(max_examples=75, deadline=None)
@given(grace_cases(sub_second=True))
def test_the_grace_window_is_measured_from_the_exact_instant_of_rotation(case: GraceCase) -> None:
    """The predecessor is forgiven until ``g`` seconds after its rotation, to the microsecond."""
    world, issued = rotated_family(case)
    live, predecessor = issued[-1], issued[-2]

    world.clock.advance(case.wait)
    result = world.present(predecessor.refresh_token)

    if case.wait < timedelta(seconds=case.grace_seconds):
        assert isinstance(result, IssuedTokens), result
        assert world.claims(result).jti == world.claims(live).jti
    else:
        assert isinstance(result, InvalidRefreshToken), result
        assert_family_revoked(world, live)


@settings(max_examples=50, deadline=None)
@given(grace_cases(min_rotations=2, sub_second=True), st.integers(0, 10))
def test_a_token_older_than_the_predecessor_is_a_replay_even_within_the_grace(
    case: GraceCase, pick: int
) -> None:
    """Only the immediate predecessor is forgiven; any older token revokes the family."""
    world, issued = rotated_family(case)
    older = issued[pick % (len(issued) - 2)]

    world.clock.advance(case.wait)
    result = world.present(older.refresh_token)

    assert isinstance(result, InvalidRefreshToken), result
    assert_family_revoked(world, issued[-1])
