"""The login ports: login sessions, their refresh tokens, and failed sign-ins."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from decision_core.identity import User
from decision_core.login.refresh import RotationPlan
from decision_core.login.retention import PrunedSessions, Retention
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import (
    ActiveUser,
    ConsumeOutcome,
    LoginSession,
    RefreshTokenRecord,
    RevokeReason,
)


class LoginSessionRepository(Protocol):
    """Login sessions; revocation is set-based over live sessions only."""

    def add(self, session: LoginSession) -> None:
        """Store a new login session."""
        ...

    def get(self, sid: UUID) -> LoginSession | None:
        """The session, or ``None``."""
        ...

    def save(self, session: LoginSession) -> None:
        """Replace a stored session (last use, client, grandfathered snapshot).

        A stored revocation is never undone: a rotation may save the session it
        read just before a concurrent revocation committed, and writing its
        ``revoked_at = None`` back would bring the session back to life.
        """
        ...

    def mark_reauthenticated(self, sid: UUID, at: datetime) -> None:
        """Record that the session's user proved who they are at ``at`` (a step-up).

        Only that column: ``save`` never writes it back, so a rotation that
        read the session before this confirmation does not undo it.
        """
        ...

    def live_for_user(self, user_id: UUID, now: datetime) -> list[LoginSession]:
        """The user's live sessions, most recently used first."""
        ...

    def active_users(self, account_id: UUID, now: datetime) -> list[ActiveUser]:
        """Distinct users of the account with a live session, latest sign-in first."""
        ...

    def revoke_live(
        self,
        selector: SessionSelector,
        now: datetime,
        reason: RevokeReason,
        *,
        limit: int | None = None,
    ) -> int:
        """End every session ``selector`` matches at ``now``; return how many.

        With ``limit``, end at most that many of them (which ones is the
        store's choice): a batch of a long revocation, so repeated calls
        converge on all. Without it, one set-based write ends them all.
        """
        ...

    def count_live(self, selector: SessionSelector, now: datetime) -> int:
        """How many sessions ``revoke_live(selector, now, ...)`` would end (a progress total)."""
        ...

    def prune(self, retention: Retention, limit: int) -> PrunedSessions:
        """Delete up to ``limit`` sessions ``retention`` may delete, each with all its tokens.

        One batch of a long job, in the caller's transaction.
        """
        ...


class RefreshTokenRepository(Protocol):
    """The one-time refresh tokens of login sessions."""

    def add(self, token: RefreshTokenRecord) -> None:
        """Store a newly minted token."""
        ...

    def consume_if_live(self, jti: str, now: datetime) -> ConsumeOutcome:
        """Atomically mark ``jti`` consumed if it is unconsumed in an unrevoked session.

        The rule is ``RefreshTokenRecord.is_consumable_in``. Of any number of
        concurrent calls for one jti, across threads and processes, exactly
        one returns ``TokenConsumed``.
        """
        ...

    def rotate_if_live(self, plan: RotationPlan) -> User | None:
        """Carry ``plan`` out atomically if it holds; the user, or ``None``.

        The rule is ``RotationPlan.holds_for`` the stored token, session and
        user. ``None`` means nothing was written. Like ``consume_if_live``, of
        any number of concurrent calls for one jti at most one carries it out.
        """
        ...

    def prune(self, retention: Retention, limit: int) -> int:
        """Delete up to ``limit`` tokens ``retention`` may delete; return how many.

        One batch of a long job, in the caller's transaction.
        """
        ...


class LoginFailureRepository(Protocol):
    """Failed password checks per (subject, client address), for throttling.

    The subject is a sign-in's email key, or whatever else a password is
    checked for (see :mod:`decision_core.usecases.password_attempts`).
    """

    def hold(self, email_key: str, address: str) -> None:
        """Hold this pair until the transaction ends.

        A concurrent ``hold`` of the same pair, in any process, waits, then
        sees the failures this transaction recorded.
        """
        ...

    def recent(self, email_key: str, address: str, since: datetime) -> list[datetime]:
        """When the failures after ``since`` happened."""
        ...

    def record(self, email_key: str, address: str, at: datetime) -> int:
        """Remember one failure; its number, greater than those of the pair's earlier ones."""
        ...

    def clear(self, email_key: str, address: str, *, through: int) -> None:
        """Forget the pair's failures numbered up to ``through``, after a success."""
        ...
