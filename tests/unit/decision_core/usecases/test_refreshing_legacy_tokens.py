from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.errors import InvalidRefreshToken, SessionExpiredIdle
from decision_core.login.policy import PolicyPatch
from decision_core.login.tokens import RefreshClaims
from decision_core.usecases.account_security import update_security
from decision_core.usecases.context import Services
from decision_core.usecases.refreshing import refresh
from tests.unit.conftest import (
    BROWSER,
    WITHOUT_REUSE_GRACE,
    SignedInMember,
    refresh_claims,
    remove_account,
    stored_session,
)


def legacy_token(services: Services, signed_in: SignedInMember) -> str:
    """The session's live token as signed before snapshots existed: no auth_time, no policy."""
    claims = refresh_claims(services, signed_in.tokens.refresh_token)
    legacy = RefreshClaims(
        sub=claims.sub, sid=claims.sid, jti=claims.jti, iat=claims.iat, exp=claims.iat + 86400
    )
    assert legacy.snapshot is None
    return services.codec.encode_refresh(legacy)


def test_legacy_token_rotates_once_with_fresh_snapshot(
    services: Services, store: MemoryStore, clock: FixedClock, owner: SignedInMember
) -> None:
    """A legacy token is grandfathered once: auth_time = now and the account's current policy."""
    legacy = legacy_token(services, owner)
    update_security(services, owner.principal, PolicyPatch(idle_minutes=60, absolute_minutes=240))
    clock.advance(timedelta(minutes=30))
    grandfathered_at = clock.now()
    tokens = refresh(services, legacy, BROWSER)
    claims = refresh_claims(services, tokens.refresh_token)
    now = int(grandfathered_at.timestamp())
    assert (claims.auth_time, claims.idle_max, claims.abs_max) == (now, 3600, 14400)
    assert tokens.absolute_expires_at == grandfathered_at + timedelta(hours=4)
    session = stored_session(store, owner.principal.sid)
    assert (session.auth_time, session.idle_max, session.abs_max) == (grandfathered_at, 3600, 14400)
    clock.advance(timedelta(minutes=30))
    again = refresh_claims(services, refresh(services, tokens.refresh_token, BROWSER).refresh_token)
    assert (again.auth_time, again.idle_max, again.abs_max) == (now, 3600, 14400)


@pytest.mark.parametrize("core_settings", [WITHOUT_REUSE_GRACE])
def test_legacy_token_cannot_be_grandfathered_twice(
    services: Services, owner: SignedInMember
) -> None:
    """Presenting the legacy token again after its one rotation is a replay."""
    legacy = legacy_token(services, owner)
    refresh(services, legacy, BROWSER)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, legacy, BROWSER)


def test_legacy_token_keeps_its_own_idle_expiry(
    services: Services, clock: FixedClock, owner: SignedInMember
) -> None:
    """A legacy token past its own ``exp`` is idle-expired, not grandfathered."""
    legacy = legacy_token(services, owner)
    clock.advance(timedelta(days=1))
    with pytest.raises(SessionExpiredIdle):
        refresh(services, legacy, BROWSER)


def test_legacy_token_whose_account_is_gone_is_invalid(
    services: Services, store: MemoryStore, owner: SignedInMember
) -> None:
    """Without an account there is no policy to grandfather a legacy token with."""
    legacy = legacy_token(services, owner)
    remove_account(store, owner.user.account_id)
    with pytest.raises(InvalidRefreshToken):
        refresh(services, legacy, BROWSER)
