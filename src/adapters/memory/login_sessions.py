"""In-memory login sessions and refresh tokens."""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from uuid import UUID

import attrs

from adapters.memory.pruning import prune_login_sessions, prune_refresh_tokens
from adapters.memory.store import Tables
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
    TokenConsumed,
    TokenNotLive,
)
from decision_core.ports.login import LoginSessionRepository, RefreshTokenRepository


class MemoryLoginSessions(LoginSessionRepository):
    """Login sessions in a dict."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, session: LoginSession) -> None:
        """Store a new session."""
        self._tables.login_sessions[session.id] = session

    def get(self, sid: UUID) -> LoginSession | None:
        """The session, or ``None``."""
        return self._tables.login_sessions.get(sid)

    def save(self, session: LoginSession) -> None:
        """Replace a stored session, keeping a stored revocation and confirmation."""
        stored = self._tables.login_sessions.get(session.id)
        if stored is not None and stored.revoked_at is not None:
            session = attrs.evolve(
                session, revoked_at=stored.revoked_at, revoke_reason=stored.revoke_reason
            )
        if stored is not None:
            session = attrs.evolve(session, reauthenticated_at=stored.reauthenticated_at)
        self._tables.login_sessions[session.id] = session

    def mark_reauthenticated(self, sid: UUID, at: datetime) -> None:
        """Set when the session's user last confirmed who they are."""
        session = self._tables.login_sessions.get(sid)
        if session is not None:
            self._tables.login_sessions[sid] = attrs.evolve(session, reauthenticated_at=at)

    def live_for_user(self, user_id: UUID, now: datetime) -> list[LoginSession]:
        """The user's live sessions, most recently used first."""
        live = [
            s
            for s in self._tables.login_sessions.values()
            if s.user_id == user_id and s.is_live(now)
        ]
        return sorted(live, key=lambda s: (s.last_used_at, str(s.id)), reverse=True)

    def active_users(self, account_id: UUID, now: datetime) -> list[ActiveUser]:
        """Users of the account with a live session, latest sign-in first."""
        user_ids = {
            s.user_id
            for s in self._tables.login_sessions.values()
            if s.account_id == account_id and s.is_live(now)
        }
        users = [self._tables.users[user_id] for user_id in user_ids]
        active = [ActiveUser(u.id, u.name, u.email, u.last_login_at) for u in users]
        return sorted(active, key=_latest_login_first)

    def count_live(self, selector: SessionSelector, now: datetime) -> int:
        """How many stored sessions ``selector`` matches at ``now``."""
        return sum(selector.matches(s, now) for s in self._tables.login_sessions.values())

    def revoke_live(
        self,
        selector: SessionSelector,
        now: datetime,
        reason: RevokeReason,
        *,
        limit: int | None = None,
    ) -> int:
        """End every matching live session, or the first ``limit`` of them in storage order."""
        matching = (s for s in self._tables.login_sessions.values() if selector.matches(s, now))
        ended = list(islice(matching, limit))
        for session in ended:
            self._tables.login_sessions[session.id] = attrs.evolve(
                session, revoked_at=now, revoke_reason=reason
            )
        return len(ended)

    def prune(self, retention: Retention, limit: int) -> PrunedSessions:
        """Delete up to ``limit`` finished sessions and their tokens (see :mod:`.pruning`)."""
        return prune_login_sessions(self._tables, retention, limit)


def _latest_login_first(user: ActiveUser) -> tuple[bool, float, str]:
    # Users who never signed in cannot hold a session, but sort them last anyway.
    at = user.last_login_at
    return (at is None, -at.timestamp() if at else 0.0, str(user.user_id))


class MemoryRefreshTokens(RefreshTokenRepository):
    """Refresh-token records in a dict, keyed by jti."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, token: RefreshTokenRecord) -> None:
        """Store a newly minted token."""
        self._tables.refresh_tokens[token.jti] = token

    def consume_if_live(self, jti: str, now: datetime) -> ConsumeOutcome:
        """Consume ``jti`` if it is consumable (``RefreshTokenRecord.is_consumable_in``).

        Atomic because the unit of work holds the store's lock.
        """
        token = self._tables.refresh_tokens.get(jti)
        session = self._tables.login_sessions.get(token.sid) if token else None
        if token is None or session is None:
            return TokenNotLive(token=token, session=session)
        if token.is_consumable_in(session):
            consumed = attrs.evolve(token, consumed_at=now)
            self._tables.refresh_tokens[jti] = consumed
            return TokenConsumed(token=consumed, session=session)
        successor = next(
            (t for t in self._tables.refresh_tokens.values() if t.parent_jti == jti), None
        )
        return TokenNotLive(token=token, session=session, successor=successor)

    def rotate_if_live(self, plan: RotationPlan) -> User | None:
        """Carry out ``plan`` if ``plan.holds_for`` the stored records; atomic under the lock."""
        tables = self._tables
        token = tables.refresh_tokens.get(plan.jti)
        session = tables.login_sessions.get(plan.sid)
        user = tables.users.get(plan.user_id)
        if (
            token is None
            or session is None
            or user is None
            or not plan.holds_for(token, session, user)
        ):
            return None
        tables.refresh_tokens[plan.jti] = attrs.evolve(token, consumed_at=plan.now)
        tables.refresh_tokens[plan.successor.jti] = plan.successor
        tables.login_sessions[plan.sid] = session.used(
            plan.last_used_at, user_agent=plan.user_agent, ip=plan.ip
        )
        return user

    def prune(self, retention: Retention, limit: int) -> int:
        """Delete up to ``limit`` expired tokens (see :mod:`.pruning`)."""
        return prune_refresh_tokens(self._tables, retention, limit)
