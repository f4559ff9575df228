"""Token claims as values. Encoding them (JWT or otherwise) is an adapter's job."""

from __future__ import annotations

from uuid import UUID

import attrs

from decision_core.roles import Role


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
