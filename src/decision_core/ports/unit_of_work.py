"""The unit-of-work port: one transaction, and every repository inside it."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Final, Protocol, Self

from decision_core.ports.audit import AuditLog
from decision_core.ports.identity import AccountRepository, InviteRepository, UserRepository
from decision_core.ports.login import (
    LoginFailureRepository,
    LoginSessionRepository,
    RefreshTokenRepository,
)
from decision_core.ports.mail import Outbox
from decision_core.ports.password_reset import PasswordResetTokenRepository
from decision_core.ports.trees import TreeRepository, WalkRepository
from decision_core.ports.two_factor import SignInChallengeRepository, TwoFactorRepository

READ_ONLY_COMMIT: Final = "a read-only unit of work cannot commit"


class UnitOfWork(Protocol):
    """One transaction: rolled back on exit unless :meth:`commit` ran.

    Every write of its repositories becomes durable through :meth:`commit`
    and no other way, on every database: a repository never commits, nor
    runs a statement in a transaction of its own.
    """

    accounts: AccountRepository
    users: UserRepository
    invites: InviteRepository
    login_sessions: LoginSessionRepository
    refresh_tokens: RefreshTokenRepository
    login_failures: LoginFailureRepository
    audit: AuditLog
    trees: TreeRepository
    walks: WalkRepository
    outbox: Outbox
    password_reset_tokens: PasswordResetTokenRepository
    two_factor: TwoFactorRepository
    sign_in_challenges: SignInChallengeRepository

    def __enter__(self) -> Self:
        """Begin the transaction."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed, and release the connection."""
        ...

    def commit(self) -> None:
        """Make the transaction's writes durable."""
        ...

    def read_only(self) -> Self:
        """Promise, before entering, that this unit of work only reads; return it.

        :meth:`commit` then raises ``RuntimeError``, and so does a write where
        an adapter can tell. Each statement reads what was committed when it
        began, as every statement of PostgreSQL's READ COMMITTED does, so a
        database may skip its write lock: SQLite runs each read on its own,
        with no ``BEGIN IMMEDIATE`` and no ``ROLLBACK`` around it.
        """
        ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
