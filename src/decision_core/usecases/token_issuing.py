"""Minting the token pair every sign-in, refresh and grace re-issue answers with."""

from __future__ import annotations

import secrets
from datetime import datetime
from uuid import UUID

import attrs

from decision_core.clock import from_unix
from decision_core.identity import User
from decision_core.login.tokens import AccessClaims, SessionSnapshot, refresh_claims_for
from decision_core.usecases.context import Services


@attrs.frozen
class IssuedTokens:
    """The token response of SPEC 3.1."""

    access_token: str = attrs.field(repr=False)
    refresh_token: str = attrs.field(repr=False)
    expires_in: int
    idle_expires_at: datetime
    absolute_expires_at: datetime
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret


def new_jti() -> str:
    """An unguessable, unique refresh-token id."""
    return secrets.token_urlsafe(24)


def issue_tokens(  # noqa: PLR0913 - the claims need every one of these
    services: Services,
    *,
    user: User,
    sid: UUID,
    jti: str,
    refresh_iat: int,
    snapshot: SessionSnapshot,
    now_s: int,
) -> IssuedTokens:
    """Sign an access token issued at ``now_s`` (Unix seconds) and the refresh token ``jti``.

    ``refresh_iat`` is ``now_s`` for a new token; a grace re-issue passes the
    live token's own issue time so that no deadline moves.
    """
    access_seconds = services.settings.auth.access_token_minutes * 60
    access = AccessClaims(
        sub=user.id,
        sid=sid,
        acc=user.account_id,
        role=user.role,
        iat=now_s,
        exp=now_s + access_seconds,
    )
    refresh = refresh_claims_for(user.id, sid, jti, refresh_iat, snapshot)
    return IssuedTokens(
        access_token=services.codec.encode_access(access),
        refresh_token=services.codec.encode_refresh(refresh),
        expires_in=access_seconds,
        idle_expires_at=from_unix(refresh.exp),
        absolute_expires_at=from_unix(snapshot.absolute_deadline),
    )
