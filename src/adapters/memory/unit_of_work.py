"""A unit of work over :class:`MemoryStore`: serialisable, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from adapters.memory.audit import MemoryAuditLog, MemoryLoginFailures
from adapters.memory.identity import MemoryAccounts, MemoryInvites, MemoryUsers
from adapters.memory.login_sessions import MemoryLoginSessions, MemoryRefreshTokens
from adapters.memory.mail import MemoryOutbox
from adapters.memory.password_resets import MemoryPasswordResetTokens
from adapters.memory.store import MemoryStore, Tables
from adapters.memory.trees import MemoryTrees
from adapters.memory.two_factor import MemorySignInChallenges, MemoryTwoFactor
from adapters.memory.walks import MemoryWalks
from decision_core.ports.unit_of_work import READ_ONLY_COMMIT, UnitOfWork


class MemoryUnitOfWork(UnitOfWork):
    """Works on a private copy of the tables while holding the store's lock.

    Holding the lock for the whole transaction makes transactions serial, so
    ``consume_if_live`` is atomic across threads. ``commit`` publishes the
    copy; leaving without it discards the copy.
    """

    def __init__(self, store: MemoryStore) -> None:
        """A unit of work on ``store``; enter it to begin a transaction."""
        self._store = store
        self.committed = False
        self._reads_only = False
        self._bind(store.tables)

    def _bind(self, tables: Tables) -> None:
        self._working = tables
        self.accounts = MemoryAccounts(tables)
        self.users = MemoryUsers(tables)
        self.invites = MemoryInvites(tables)
        self.login_sessions = MemoryLoginSessions(tables)
        self.refresh_tokens = MemoryRefreshTokens(tables)
        self.login_failures = MemoryLoginFailures(tables)
        self.audit = MemoryAuditLog(tables)
        self.trees = MemoryTrees(tables)
        self.walks = MemoryWalks(tables)
        self.outbox = MemoryOutbox(tables)
        self.password_reset_tokens = MemoryPasswordResetTokens(tables)
        self.two_factor = MemoryTwoFactor(tables)
        self.sign_in_challenges = MemorySignInChallenges(tables)

    def __enter__(self) -> Self:
        """Take the lock and start from a copy of the committed state."""
        self._store.lock.acquire()
        self.committed = False
        self._bind(self._store.tables.copy())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Discard uncommitted writes and release the lock."""
        self._bind(self._store.tables)
        self._store.lock.release()

    def read_only(self) -> Self:
        """Refuse :meth:`commit` from here on, as the port promises (the lock is still taken)."""
        self._reads_only = True
        return self

    def commit(self) -> None:
        """Publish the working copy as the committed state."""
        if self._reads_only:
            raise RuntimeError(READ_ONLY_COMMIT)
        self._store.tables = self._working
        self._bind(self._working.copy())
        self.committed = True
