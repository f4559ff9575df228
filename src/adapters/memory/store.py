"""The tables of the in-memory adapters, and one lock that serialises transactions."""

from __future__ import annotations

import itertools
import threading
from datetime import datetime
from uuid import UUID

import attrs

from decision_core.audit import AuditEvent
from decision_core.identity import Account, Invite, User
from decision_core.login.sessions import LoginSession, RefreshTokenRecord
from decision_core.login.two_factor import SignInChallenge, TwoFactorEnrolment
from decision_core.mail import OutgoingMail
from decision_core.password_reset import PasswordResetToken
from decision_core.trees.catalogue import Tree, TreeVersion
from decision_core.trees.walks import Walk


@attrs.frozen
class LoginFailure:
    """One failed password check of a (subject, address) pair, numbered in order."""

    subject: str
    address: str
    at: datetime
    number: int


@attrs.frozen
class OutboxRecord:
    """A message in the outbox: due at ``due_at`` (``None``: sent or given up)."""

    mail: OutgoingMail
    due_at: datetime | None
    attempts: int = 0
    sent_at: datetime | None = None
    gave_up_at: datetime | None = None
    last_error: str | None = None


@attrs.define
class Tables:
    """Every row, keyed by id. Values are frozen, so a shallow copy is a snapshot."""

    accounts: dict[UUID, Account] = attrs.Factory(dict)
    users: dict[UUID, User] = attrs.Factory(dict)
    invites: dict[UUID, Invite] = attrs.Factory(dict)
    login_sessions: dict[UUID, LoginSession] = attrs.Factory(dict)
    refresh_tokens: dict[str, RefreshTokenRecord] = attrs.Factory(dict)
    login_failures: list[LoginFailure] = attrs.Factory(list)
    # Shared by every copy and never rolled back, like a database sequence.
    login_failure_numbers: itertools.count[int] = attrs.Factory(lambda: itertools.count(1))
    audit: list[AuditEvent] = attrs.Factory(list)
    trees: dict[UUID, Tree] = attrs.Factory(dict)
    tree_versions: dict[tuple[UUID, int], TreeVersion] = attrs.Factory(dict)
    walks: dict[UUID, Walk] = attrs.Factory(dict)
    outbox: dict[UUID, OutboxRecord] = attrs.Factory(dict)
    password_reset_tokens: dict[UUID, PasswordResetToken] = attrs.Factory(dict)
    two_factor: dict[UUID, TwoFactorEnrolment] = attrs.Factory(dict)
    # (user id, code hash) -> when it was used, None while unused.
    recovery_codes: dict[tuple[UUID, str], datetime | None] = attrs.Factory(dict)
    sign_in_challenges: dict[UUID, SignInChallenge] = attrs.Factory(dict)

    def copy(self) -> Tables:
        """A snapshot that can be changed without touching this one."""
        return Tables(
            accounts=dict(self.accounts),
            users=dict(self.users),
            invites=dict(self.invites),
            login_sessions=dict(self.login_sessions),
            refresh_tokens=dict(self.refresh_tokens),
            login_failures=list(self.login_failures),
            login_failure_numbers=self.login_failure_numbers,
            audit=list(self.audit),
            trees=dict(self.trees),
            tree_versions=dict(self.tree_versions),
            walks=dict(self.walks),
            outbox=dict(self.outbox),
            password_reset_tokens=dict(self.password_reset_tokens),
            two_factor=dict(self.two_factor),
            recovery_codes=dict(self.recovery_codes),
            sign_in_challenges=dict(self.sign_in_challenges),
        )


class MemoryStore:
    """The committed state. A unit of work holds ``lock`` for its whole transaction."""

    def __init__(self) -> None:
        """An empty database."""
        self.tables = Tables()
        self.lock = threading.RLock()
