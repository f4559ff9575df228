"""Token claims as values. Encoding them (JWT or otherwise) is an adapter's job."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final
from uuid import UUID

import attrs

from decision_core.clock import unix_seconds
from decision_core.login.policy import SECONDS_PER_MINUTE
from decision_core.roles import Role
from decision_core.settings import LONGEST_SESSION_MINUTES

# No policy grants a longer idle window or lifetime (see SessionSettings).
LONGEST_SESSION_SECONDS: Final = LONGEST_SESSION_MINUTES * SECONDS_PER_MINUTE
# The last whole second a datetime holds, 9999-12-31T23:59:59Z: a later one names no instant.
LATEST_UNIX_SECOND: Final = unix_seconds(datetime.max.replace(microsecond=0, tzinfo=UTC))


@attrs.frozen
class AccessClaims:
    """A short-lived proof of who is calling, checked on every protected request."""

    sub: UUID
    sid: UUID
    acc: UUID
    role: Role
    iat: int
    exp: int


@attrs.frozen
class SessionSnapshot:
    """The part of a refresh token that never changes across rotations.

    All three are Unix seconds: ``auth_time`` is the original sign-in,
    ``idle_max`` and ``abs_max`` the account's effective policy then.
    """

    auth_time: int
    idle_max: int
    abs_max: int

    @property
    def absolute_deadline(self) -> int:
        """The first second at which the login session is over for good."""
        return self.auth_time + self.abs_max


@attrs.frozen
class RefreshClaims:
    """One member of a login session's family of one-time refresh tokens.

    A *legacy* token, signed by us before snapshots existed, has no
    ``auth_time`` / ``idle_max`` / ``abs_max``.
    """

    sub: UUID
    sid: UUID
    jti: str
    iat: int
    exp: int
    auth_time: int | None = None
    idle_max: int | None = None
    abs_max: int | None = None

    @property
    def snapshot(self) -> SessionSnapshot | None:
        """The carried-forward snapshot, or ``None`` for a legacy token."""
        if self.auth_time is None or self.idle_max is None or self.abs_max is None:
            return None
        return SessionSnapshot(self.auth_time, self.idle_max, self.abs_max)


def refresh_claims_for(
    sub: UUID, sid: UUID, jti: str, iat: int, snapshot: SessionSnapshot
) -> RefreshClaims:
    """Claims of a refresh token issued at ``iat``: its ``exp`` is the idle window.

    ``exp`` is deliberately not capped at the absolute deadline, so an idle
    expiry and an absolute expiry stay distinguishable.
    """
    return RefreshClaims(
        sub=sub,
        sid=sid,
        jti=jti,
        iat=iat,
        exp=iat + snapshot.idle_max,
        auth_time=snapshot.auth_time,
        idle_max=snapshot.idle_max,
        abs_max=snapshot.abs_max,
    )


def refresh_claims_problem(claims: RefreshClaims) -> str | None:
    """Why ``claims`` cannot be a refresh token this service issued, or ``None``.

    A valid signature says who signed a token, not that its numbers are ones
    we would write: a leaked key, or an older release with a bug, could sign
    any. Every rotation does arithmetic on them and turns them into
    datetimes, so claims outside these bounds are refused as invalid, before
    anything is consumed: ``iat`` and ``exp`` are instants between 1970 and
    9999; a snapshot has all three claims or none; ``idle_max`` and
    ``abs_max`` are positive and no longer than any policy grants; the
    sign-in (``auth_time``) is no later than the token issued after it; and
    the absolute deadline is an instant too.
    """
    if not (_is_instant(claims.iat) and _is_instant(claims.exp)):
        return "iat or exp is not an instant between 1970 and 9999"
    snapshot = claims.snapshot
    if snapshot is not None:
        return _snapshot_problem(snapshot, claims.iat)
    if (claims.auth_time, claims.idle_max, claims.abs_max) != (None, None, None):
        return "only some of auth_time, idle_max and abs_max are present"
    return None


def _snapshot_problem(snapshot: SessionSnapshot, iat: int) -> str | None:
    if not (_is_lifetime(snapshot.idle_max) and _is_lifetime(snapshot.abs_max)):
        return "idle_max or abs_max is not a lifetime any policy grants"
    if not 0 <= snapshot.auth_time <= iat:
        return "auth_time is not a sign-in before the token's iat"
    if not _is_instant(snapshot.absolute_deadline):
        return "auth_time + abs_max is not an instant before 9999"
    return None


def _is_instant(seconds: int) -> bool:
    return 0 <= seconds <= LATEST_UNIX_SECOND


def _is_lifetime(seconds: int) -> bool:
    return 0 < seconds <= LONGEST_SESSION_SECONDS
