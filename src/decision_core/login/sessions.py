"""Login sessions (one sign-in on one device) and their refresh-token records."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import TypeAlias
from uuid import UUID

import attrs

from decision_core.clock import from_unix, unix_seconds
from decision_core.login.tokens import SessionSnapshot


class RevokeReason(enum.Enum):
    """Why a login session ended before its deadlines."""

    LOGOUT = "logout"
    REVOKED_BY_USER = "revoked_by_user"
    BULK_ALL = "bulk_all"
    BULK_OTHERS = "bulk_others"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a reason, not a password
    USER_DEACTIVATED = "user_deactivated"
    REFRESH_TOKEN_REUSED = "refresh_token_reused"  # noqa: S105 - a reason, not a token
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a reason, not a password
    PASSWORD_SET_BY_OPERATOR = "password_set_by_operator"  # noqa: S105 - a reason, not a password


def idle_deadline(last_used_at: datetime, idle_max: int) -> datetime:
    """A session last used at ``last_used_at`` is idle-expired from this instant on."""
    return last_used_at + timedelta(seconds=idle_max)


@attrs.frozen
class LoginSession:
    """A family of refresh tokens sharing ``id`` (the ``sid`` claim).

    ``last_used_at`` is the issue time of the newest token, so the idle
    deadline equals that token's ``exp``.
    """

    id: UUID
    user_id: UUID
    account_id: UUID
    auth_time: datetime
    idle_max: int
    abs_max: int
    created_at: datetime
    last_used_at: datetime
    user_agent: str | None = None
    ip: str | None = None
    revoked_at: datetime | None = None
    revoke_reason: RevokeReason | None = None
    reauthenticated_at: datetime | None = None

    @property
    def last_proved_at(self) -> datetime:
        """When the user last proved who they are here: the sign-in or a later confirmation."""
        if self.reauthenticated_at is None:
            return self.auth_time
        return max(self.auth_time, self.reauthenticated_at)

    @property
    def snapshot(self) -> SessionSnapshot:
        """The policy snapshot every token of this session carries."""
        return SessionSnapshot(unix_seconds(self.auth_time), self.idle_max, self.abs_max)

    @property
    def absolute_expires_at(self) -> datetime:
        """``auth_time + abs_max``: expired at this instant, not after it."""
        return self.auth_time + timedelta(seconds=self.abs_max)

    @property
    def idle_expires_at(self) -> datetime:
        """When the newest token's idle window closes."""
        return idle_deadline(self.last_used_at, self.idle_max)

    def used(self, at: datetime, *, user_agent: str | None, ip: str | None) -> LoginSession:
        """The session as a rotation at ``at`` leaves it, from a client with these details.

        A client that sends no user agent or address keeps the stored ones.
        """
        return attrs.evolve(
            self, last_used_at=at, user_agent=user_agent or self.user_agent, ip=ip or self.ip
        )

    def is_live(self, now: datetime) -> bool:
        """Not revoked and before both deadlines."""
        return (
            self.revoked_at is None
            and now < self.absolute_expires_at
            and now < self.idle_expires_at
        )


def new_login_session(  # noqa: PLR0913 - a session is born with all of these
    *,
    sid: UUID,
    user_id: UUID,
    account_id: UUID,
    snapshot: SessionSnapshot,
    user_agent: str | None,
    ip: str | None,
) -> LoginSession:
    """A login session that starts at ``snapshot.auth_time``."""
    started = from_unix(snapshot.auth_time)
    return LoginSession(
        id=sid,
        user_id=user_id,
        account_id=account_id,
        auth_time=started,
        idle_max=snapshot.idle_max,
        abs_max=snapshot.abs_max,
        created_at=started,
        last_used_at=started,
        user_agent=user_agent,
        ip=ip,
    )


@attrs.frozen
class RefreshTokenRecord:
    """What the store knows of one refresh token. ``parent_jti`` links rotations."""

    jti: str
    sid: UUID
    issued_at: datetime
    parent_jti: str | None = None
    consumed_at: datetime | None = None

    def is_consumable_in(self, session: LoginSession) -> bool:
        """Whether a consume may take this token: unconsumed, in its own unrevoked session.

        The rule of ``RefreshTokenRepository.consume_if_live``; a SQL adapter
        writes the same rule as its WHERE.
        """
        return self.consumed_at is None and session.id == self.sid and session.revoked_at is None


@attrs.frozen
class TokenConsumed:
    """The atomic consume won: this presentation may rotate."""

    token: RefreshTokenRecord
    session: LoginSession


@attrs.frozen
class TokenNotLive:
    """The atomic consume found nothing live for this jti, and why.

    ``token`` is ``None`` for an unknown jti; ``successor`` is the token minted
    when this one was rotated, ``None`` if it was never rotated.
    """

    token: RefreshTokenRecord | None
    session: LoginSession | None
    successor: RefreshTokenRecord | None = None


ConsumeOutcome: TypeAlias = TokenConsumed | TokenNotLive


@attrs.frozen
class ActiveUser:
    """A user of an account holding at least one live login session."""

    user_id: UUID
    name: str
    email: str
    last_login_at: datetime | None
