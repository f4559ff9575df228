from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core import audit
from decision_core.errors import InvalidRefreshToken, SessionExpiredAbsolute, SessionExpiredIdle
from decision_core.login.policy import PolicyPatch
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role
from decision_core.usecases.account_security import update_security
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.signin import logout
from tests.unit.conftest import (
    BROWSER,
    START,
    SignedInMember,
    Transactions,
    deactivate_directly,
    events,
    member_with_role,
    owner_signed_in,
    refresh_claims,
    sign_in,
    stored_session,
    stored_token,
)

DAY = 24 * 60 * 60


def test_refresh_rotates_to_a_new_pair(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A refresh consumes the token and stores its successor as the session's live token."""
    old = refresh_claims(services, owner.tokens.refresh_token)
    tokens = refresh(services, owner.tokens.refresh_token, BROWSER)
    new = refresh_claims(services, tokens.refresh_token)
    assert new.jti != old.jti
    assert stored_token(store, old.jti).consumed_at == START
    assert stored_token(store, new.jti).parent_jti == old.jti
    assert stored_token(store, new.jti).consumed_at is None


def test_refresh_carries_claims_forward(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """A rotation keeps sid, auth_time, idle_max and abs_max, even after a policy change."""
    old = refresh_claims(services, owner.tokens.refresh_token)
    update_security(services, owner.principal, PolicyPatch(idle_minutes=60, absolute_minutes=240))
    clock.advance(timedelta(days=1))
    tokens = refresh(services, owner.tokens.refresh_token, BROWSER)
    new = refresh_claims(services, tokens.refresh_token)
    assert (new.sub, new.sid) == (old.sub, old.sid)
    assert (new.auth_time, new.idle_max, new.abs_max) == (old.auth_time, 3 * DAY, 14 * DAY)
    now = int(clock.now().timestamp())
    assert (new.iat, new.exp) == (now, now + 3 * DAY)
    assert tokens.idle_expires_at == clock.now() + timedelta(days=3)
    assert tokens.absolute_expires_at == START + timedelta(days=14)
    assert stored_session(store, old.sid).last_used_at == clock.now()


def test_refresh_records_the_latest_client(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A rotation records the client it came from; an unknown client keeps the old values."""
    tokens = refresh(services, owner.tokens.refresh_token, ClientInfo("Chrome/130", "192.0.2.1"))
    refresh(services, tokens.refresh_token, ClientInfo())
    session = stored_session(store, owner.principal.sid)
    assert (session.user_agent, session.ip) == ("Chrome/130", "192.0.2.1")


def test_a_session_whose_idle_window_disagrees_with_its_token_still_rotates(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Not the plain case (so the full steps rotate), but the token's snapshot still rules."""
    old = refresh_claims(services, owner.tokens.refresh_token)
    session = stored_session(store, old.sid)
    store.tables.login_sessions[old.sid] = attrs.evolve(session, idle_max=60)
    tokens = refresh(services, owner.tokens.refresh_token, BROWSER)
    new = refresh_claims(services, tokens.refresh_token)
    assert new.idle_max == old.idle_max
    assert stored_token(store, old.jti).consumed_at == START
    assert stored_token(store, new.jti).parent_jti == old.jti


def test_refresh_answers_a_fresh_access_token(services: Services, owner: SignedInMember) -> None:
    """The new access token proves the same caller."""
    tokens = refresh(services, owner.tokens.refresh_token, BROWSER)
    claims = services.codec.decode_access(tokens.access_token)
    assert (claims.sub, claims.sid, claims.acc, claims.role) == (
        owner.user.id,
        owner.principal.sid,
        owner.user.account_id,
        Role.OWNER,
    )


def test_refresh_works_one_second_before_the_idle_deadline(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """The last second of the idle window still rotates."""
    clock.advance(timedelta(days=3, seconds=-1))
    refresh(services, owner.tokens.refresh_token, BROWSER)


def test_idle_expiry_at_exactly_exp_consumes_nothing(
    traced: Services, transactions: Transactions, store: MemoryStore, clock: FixedClock
) -> None:
    """At exactly ``exp`` the answer is session_expired_idle and the token stays unconsumed."""
    owner = owner_signed_in(traced)
    clock.advance(timedelta(days=3))
    with pytest.raises(SessionExpiredIdle):
        refresh(traced, owner.tokens.refresh_token, BROWSER)
    jti = refresh_claims(traced, owner.tokens.refresh_token).jti
    assert stored_token(store, jti).consumed_at is None
    assert not transactions.opened[-1].committed


def test_absolute_expiry_consumes_the_token_then_answers_invalid(
    traced: Services, transactions: Transactions, store: MemoryStore, clock: FixedClock
) -> None:
    """At auth_time + abs_max the token is consumed; presenting it again is no replay."""
    owner = owner_signed_in(traced)
    update_security(traced, owner.principal, PolicyPatch(idle_minutes=45, absolute_minutes=60))
    session = sign_in(traced, "owner@example.com")
    clock.advance(timedelta(minutes=30))
    tokens = refresh(traced, session.tokens.refresh_token, BROWSER)
    clock.advance(timedelta(minutes=30))
    with pytest.raises(SessionExpiredAbsolute):
        refresh(traced, tokens.refresh_token, BROWSER)
    jti = refresh_claims(traced, tokens.refresh_token).jti
    assert stored_token(store, jti).consumed_at == clock.now()
    assert transactions.opened[-1].committed
    with pytest.raises(InvalidRefreshToken):
        refresh(traced, tokens.refresh_token, BROWSER)
    assert events(store, audit.REFRESH_TOKEN_REUSED) == []
    assert stored_session(store, session.principal.sid).revoke_reason is None


def test_refresh_works_one_second_before_the_absolute_deadline(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """The last second before auth_time + abs_max still rotates."""
    update_security(services, owner.principal, PolicyPatch(idle_minutes=60, absolute_minutes=60))
    session = sign_in(services, "owner@example.com")
    clock.advance(timedelta(minutes=60, seconds=-1))
    tokens = refresh(services, session.tokens.refresh_token, BROWSER)
    assert tokens.absolute_expires_at == clock.now() + timedelta(seconds=1)


def test_garbage_is_an_invalid_refresh_token(services: Services) -> None:
    """A string the codec never issued is refused."""
    with pytest.raises(InvalidRefreshToken):
        refresh(services, "garbage", BROWSER)


def test_access_token_is_not_a_refresh_token(services: Services, owner: SignedInMember) -> None:
    """An access token presented for a refresh is refused."""
    with pytest.raises(InvalidRefreshToken):
        refresh(services, owner.tokens.access_token, BROWSER)


def test_revoked_session_cannot_refresh(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """After a sign-out the session's live token is refused, and that is no replay."""
    logout(services, owner.principal)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, owner.tokens.refresh_token, BROWSER)
    assert events(store, audit.REFRESH_TOKEN_REUSED) == []


def test_replayed_token_revokes_its_family(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """A rotated token coming back ends its login session, live token included, once audited."""
    other_device = sign_in(services, "owner@example.com")
    tokens = refresh(services, owner.tokens.refresh_token, BROWSER)
    clock.advance(timedelta(minutes=1))
    with pytest.raises(InvalidRefreshToken):
        refresh(services, owner.tokens.refresh_token, BROWSER)
    session = stored_session(store, owner.principal.sid)
    assert (session.revoked_at, session.revoke_reason) == (
        clock.now(),
        RevokeReason.REFRESH_TOKEN_REUSED,
    )
    with pytest.raises(InvalidRefreshToken):
        refresh(services, tokens.refresh_token, BROWSER)
    [event] = events(store, audit.REFRESH_TOKEN_REUSED)
    assert (event.user_id, event.resource_id) == (owner.user.id, str(owner.principal.sid))
    assert event.details == {"revoked_sessions": 1}
    refresh(services, other_device.tokens.refresh_token, BROWSER)


def test_token_two_rotations_old_is_a_replay(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Any rotated token of the family, not only the latest, triggers reuse detection."""
    second = refresh(services, owner.tokens.refresh_token, BROWSER)
    refresh(services, second.refresh_token, BROWSER)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, owner.tokens.refresh_token, BROWSER)
    assert len(events(store, audit.REFRESH_TOKEN_REUSED)) == 1


def test_unknown_user_is_an_invalid_refresh_token(
    services: Services, owner: SignedInMember
) -> None:
    """A token whose subject is no user is refused."""
    claims = refresh_claims(services, owner.tokens.refresh_token)
    forged = services.codec.encode_refresh(attrs.evolve(claims, sub=uuid4()))
    with pytest.raises(InvalidRefreshToken):
        refresh(services, forged, BROWSER)


def test_inactive_user_is_an_invalid_refresh_token(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """A deactivated user's live token is refused and stays unconsumed."""
    deactivate_directly(store, owner.user.id)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, owner.tokens.refresh_token, BROWSER)
    jti = refresh_claims(services, owner.tokens.refresh_token).jti
    assert stored_token(store, jti).consumed_at is None


def test_unknown_jti_is_an_invalid_refresh_token(services: Services, owner: SignedInMember) -> None:
    """A well-formed token whose jti was never stored is refused."""
    claims = refresh_claims(services, owner.tokens.refresh_token)
    unknown = services.codec.encode_refresh(attrs.evolve(claims, jti="never-issued"))
    with pytest.raises(InvalidRefreshToken):
        refresh(services, unknown, BROWSER)


def test_token_of_another_users_session_consumes_nothing(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Claims that do not match the session of their jti are refused and roll back."""
    viewer = member_with_role(services, owner, Role.VIEWER, "viewer@example.com")
    claims = refresh_claims(services, owner.tokens.refresh_token)
    mixed = services.codec.encode_refresh(attrs.evolve(claims, sub=viewer.user.id))
    with pytest.raises(InvalidRefreshToken):
        refresh(services, mixed, BROWSER)
    assert stored_token(store, claims.jti).consumed_at is None
    refresh(services, owner.tokens.refresh_token, BROWSER)
