"""Random stores of login sessions and refresh tokens, for the contract tests.

Every instant derives from :data:`T`, the instant the tests ask about: each
session's two deadlines fall on whole seconds at, just before or just after
it (as the domain's deadlines do: a session is stamped in whole seconds),
and the tests ask at ``T`` give or take a microsecond or a second. A store
is written inside an open unit of work that is never committed, so each
example starts from an empty database without anything to clean up.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final
from uuid import UUID

import attrs
from hypothesis import strategies as st

from decision_core.identity import Account, User
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, RevokeReason
from decision_core.ports.unit_of_work import UnitOfWork
from tests.integration.examples import NOW, a_user, an_account

T: Final = NOW
# Where a deadline falls, in seconds from T: well after (the usual case), just after, at,
# just before, well before.
DEADLINE_OFFSETS: Final = (3600, 1, 0, -1, -3600)
# When the tests ask, around T: a deadline at T ends a session at T, not a microsecond before.
ASKED_AT: Final = tuple(
    T + timedelta(microseconds=offset) for offset in (-1_000_000, -1, 0, 1, 999_999)
)
IDLE_WINDOWS: Final = (60, 3600)
ABSOLUTE_WINDOW: Final = 86_400


def mostly(draw: st.DrawFn) -> bool:
    """True two times in three: most records are the usual kind, many are not."""
    return draw(st.sampled_from([True, True, False]))


@attrs.frozen
class Store:
    """Two accounts with a few users, their sessions and the sessions' tokens."""

    accounts: tuple[Account, ...]
    users: tuple[User, ...]
    sessions: tuple[LoginSession, ...]
    tokens: tuple[RefreshTokenRecord, ...]

    def write_to(self, uow: UnitOfWork) -> None:
        """Add everything to ``uow``'s repositories, in an order the foreign keys allow."""
        for account in self.accounts:
            uow.accounts.add(account)
        for user in self.users:
            uow.users.add(user)
        for session in self.sessions:
            uow.login_sessions.add(session)
        for token in self.tokens:
            uow.refresh_tokens.add(token)

    def user(self, user_id: UUID) -> User | None:
        """The stored user with this id."""
        return next((u for u in self.users if u.id == user_id), None)

    def session(self, sid: UUID) -> LoginSession | None:
        """The stored session with this id."""
        return next((s for s in self.sessions if s.id == sid), None)

    def token(self, jti: str) -> RefreshTokenRecord | None:
        """The stored token with this jti."""
        return next((t for t in self.tokens if t.jti == jti), None)

    def successor(self, jti: str) -> RefreshTokenRecord | None:
        """The token minted when ``jti`` was rotated (each has at most one here)."""
        return next((t for t in self.tokens if t.parent_jti == jti), None)


@st.composite
def sessions_of(draw: st.DrawFn, users: tuple[User, ...], ids: list[UUID]) -> LoginSession:
    """A session of one of ``users`` whose deadlines fall around ``T``; maybe revoked."""
    user = draw(st.sampled_from(users))
    idle_max = draw(st.sampled_from(IDLE_WINDOWS))
    absolute_at = T + timedelta(seconds=draw(st.sampled_from(DEADLINE_OFFSETS)))
    idle_at = T + timedelta(seconds=draw(st.sampled_from(DEADLINE_OFFSETS)))
    auth_time = absolute_at - timedelta(seconds=ABSOLUTE_WINDOW)
    revoked = not mostly(draw)
    return LoginSession(
        id=ids.pop(),
        user_id=user.id,
        account_id=user.account_id,
        auth_time=auth_time,
        idle_max=idle_max,
        abs_max=ABSOLUTE_WINDOW,
        created_at=auth_time,
        last_used_at=idle_at - timedelta(seconds=idle_max),
        user_agent=draw(st.sampled_from([None, "stored agent"])),
        ip=draw(st.sampled_from([None, "192.0.2.1"])),
        revoked_at=T - timedelta(minutes=1) if revoked else None,
        revoke_reason=RevokeReason.LOGOUT if revoked else None,
    )


@st.composite
def stores(draw: st.DrawFn, *, least: int = 0) -> Store:
    """A random store: users active or not, sessions live or not, tokens consumed or not.

    At least ``least`` sessions, and as many tokens.
    """
    accounts = (an_account(), an_account())
    users = tuple(
        a_user(draw(st.sampled_from(accounts)), is_active=mostly(draw))
        for _ in range(draw(st.integers(1, 4)))
    )
    ids = draw(st.lists(st.uuids(), min_size=8, max_size=8, unique=True))
    sessions = tuple(draw(sessions_of(users, ids)) for _ in range(draw(st.integers(least, 6))))
    tokens: dict[str, RefreshTokenRecord] = {}
    for number in range(draw(st.integers(least, 6)) if sessions else 0):
        issued_at = T - timedelta(minutes=10 - number)
        unrotated = [t.jti for t in tokens.values() if t.consumed_at is None]
        parent = draw(st.none() | st.sampled_from(unrotated)) if unrotated else None
        if parent is not None:
            # A rotation consumes the token it succeeds, so each has one successor at most.
            tokens[parent] = attrs.evolve(tokens[parent], consumed_at=issued_at)
        token = RefreshTokenRecord(
            jti=f"jti-{number}",
            sid=draw(st.sampled_from(sessions)).id,
            issued_at=issued_at,
            parent_jti=parent,
            consumed_at=None if mostly(draw) else issued_at + timedelta(seconds=1),
        )
        tokens[token.jti] = token
    return Store(accounts, users, sessions, tuple(tokens.values()))
