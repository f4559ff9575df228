"""Ports: what the use cases need from the outside world, as Protocols.

Adapters implement them by explicit subclassing. Repositories never commit;
the :class:`UnitOfWork` does, once, in the use case.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import Future
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self, TypeVar
from uuid import UUID

from decision_core.audit import AuditCursor, AuditEvent
from decision_core.identity import Account, Invite, Rehash, User
from decision_core.login_sessions import (
    ActiveUser,
    ConsumeOutcome,
    LoginSession,
    RefreshTokenRecord,
    RevokeReason,
)
from decision_core.policy import PolicyOverrides
from decision_core.refresh import RotationPlan
from decision_core.retention import PrunedSessions, Retention
from decision_core.revocation import SessionSelector
from decision_core.tokens import AccessClaims, RefreshClaims
from decision_core.trees.catalogue import (
    CategoryCount,
    SearchHit,
    Tree,
    TreePage,
    TreeQuery,
    TreeVersion,
    VersionPage,
)
from decision_core.trees.session_listing import SessionPage, SessionQuery
from decision_core.trees.walks import TroubleshootingSession, WalkStatus

T = TypeVar("T")


class Clock(Protocol):
    """The only source of "now"."""

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class PasswordHasher(Protocol):
    """A slow one-way password hash."""

    def hash(self, password: str) -> str:
        """Hash ``password`` with a fresh salt."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; never raises for a mismatch."""
        ...

    def verify_dummy(self, password: str) -> None:
        """Spend the time of one :meth:`verify`, so unknown emails answer as slowly."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than :meth:`hash` uses now."""
        ...

    def in_background(self, work: Callable[[], T]) -> Future[T]:
        """Start ``work``, a use case that hashes with this hasher, where its hashes run.

        For a caller that must not block for a hash's tens of milliseconds (an
        event loop): it waits on the future instead, and the hashes ``work``
        asks for run without a further hand-off.
        """
        ...


class TokenCodec(Protocol):
    """Signs and reads tokens. It checks form and signature, never time."""

    def encode_access(self, claims: AccessClaims) -> str:
        """Sign an access token."""
        ...

    def decode_access(self, token: str) -> AccessClaims:
        """Read an access token or raise ``InvalidAccessToken``."""
        ...

    def encode_refresh(self, claims: RefreshClaims) -> str:
        """Sign a refresh token."""
        ...

    def decode_refresh(self, token: str) -> RefreshClaims:
        """Read a refresh token or raise ``InvalidRefreshToken``."""
        ...


class AccountRepository(Protocol):
    """Tenants."""

    def add(self, account: Account) -> None:
        """Store a new account."""
        ...

    def get(self, account_id: UUID, *, for_update: bool = False) -> Account | None:
        """The account, or ``None``.

        ``for_update`` holds the account until the transaction ends, for a read,
        change and save that must not interleave with another one: a concurrent
        ``for_update`` read waits, then sees what this transaction committed.
        Rows that merely refer to the account (a new session, an event) are not
        held up.
        """
        ...

    def save_policy(self, account_id: UUID, policy: PolicyOverrides) -> None:
        """Replace the account's session-policy overrides."""
        ...

    def any_exists(self) -> bool:
        """Whether any account is stored at all (a fresh installation has none)."""
        ...


class UserRepository(Protocol):
    """Members of accounts; emails unique case-insensitively."""

    def add(self, user: User) -> None:
        """Store a new user or raise ``EmailAlreadyRegistered``."""
        ...

    def get(self, user_id: UUID, *, for_update: bool = False) -> User | None:
        """The user, or ``None``; ``for_update`` as for :meth:`AccountRepository.get`."""
        ...

    def get_by_email(self, email: str) -> User | None:
        """The user with this email, compared case-insensitively."""
        ...

    def get_with_account(self, user_id: UUID) -> tuple[User, Account] | None:
        """The user and the account it belongs to, read together; ``None`` if either is gone."""
        ...

    def save(self, user: User) -> None:
        """Replace a stored user."""
        ...

    def record_sign_in(self, user_id: UUID, at: datetime, *, rehash: Rehash | None = None) -> bool:
        """Set when an active user last signed in; whether the user is (still) active.

        Only that column, and the password hash of ``rehash`` if the stored
        hash is still the one it replaces: a change another transaction made
        to the user meanwhile (a role, a name, a new password) is not written
        back over. Nothing is written for an inactive or missing user. The
        user is held until the transaction ends, so a deactivation waits for
        the sign-in's session and then ends it.
        """
        ...

    def list_by_account(self, account_id: UUID) -> list[User]:
        """Every member of an account, oldest first."""
        ...

    def count_active_owners(self, account_id: UUID) -> int:
        """Active users with the owner role in this account.

        The count holds until the transaction ends: a concurrent count waits for
        it, so two owners demoting each other at once cannot both succeed.
        """
        ...


class InviteRepository(Protocol):
    """Single-use invites, found by the hash of their code."""

    def add(self, invite: Invite) -> None:
        """Store a new invite."""
        ...

    def get_by_code_hash(self, code_hash: str) -> Invite | None:
        """The invite with this code hash, or ``None``."""
        ...

    def mark_used(self, invite_id: UUID, user_id: UUID, now: datetime) -> bool:
        """Atomically mark an unused invite used; ``False`` if someone was first."""
        ...


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

        Of any number of concurrent calls for one jti, across threads and
        processes, exactly one returns ``TokenConsumed``.
        """
        ...

    def rotate_if_live(self, plan: RotationPlan) -> User | None:
        """Carry ``plan`` out atomically if its conditions hold; the user, or ``None``.

        ``None`` means nothing was written. Like ``consume_if_live``, of any
        number of concurrent calls for one jti at most one carries it out.
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
    checked for (see :mod:`decision_core.usecases.attempts`).
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


class AuditLog(Protocol):
    """Append-only audit events."""

    def append(self, event: AuditEvent) -> None:
        """Record an event in the current transaction."""
        ...

    def page(
        self, account_id: UUID, *, action: str | None, before: AuditCursor | None, limit: int
    ) -> list[AuditEvent]:
        """Up to ``limit`` events of the account, newest first, strictly before ``before``."""
        ...


class TreeRepository(Protocol):
    """Decision trees and their immutable versions.

    ``get`` answers for soft-deleted trees too (the use cases decide who may
    see them); every listing, count and search leaves them out. Versions are
    only ever added, never changed or removed.
    """

    def add(self, tree: Tree) -> None:
        """Store a new tree (its first version is added with :meth:`add_version`)."""
        ...

    def get(self, tree_id: UUID, *, for_update: bool = False) -> Tree | None:
        """The tree, deleted or not, or ``None``.

        ``for_update`` holds the tree until the transaction ends, for a read,
        change and save that must not interleave with another one.
        """
        ...

    def save(self, tree: Tree) -> None:
        """Replace a stored tree's metadata (title, status, version, deleted_at...)."""
        ...

    def add_version(self, version: TreeVersion) -> None:
        """Store a new version; ``(tree_id, version)`` is unique."""
        ...

    def get_version(self, tree_id: UUID, version: int) -> TreeVersion | None:
        """One version of a tree, or ``None``."""
        ...

    def version_page(self, tree_id: UUID, *, limit: int, offset: int) -> VersionPage:
        """Up to ``limit`` versions of a tree after the first ``offset``, oldest first."""
        ...

    def page(self, account_id: UUID, query: TreeQuery, *, published_only: bool) -> TreePage:
        """The account's live trees matching ``query``, most recently updated first."""
        ...

    def categories(self, account_id: UUID, *, published_only: bool) -> list[CategoryCount]:
        """Each category of the account's live trees with its count, by name."""
        ...

    def published_ids(
        self, account_id: UUID, *, among: Collection[UUID] | None = None
    ) -> set[UUID]:
        """The ids of the account's published, undeleted trees: what a link may name.

        With ``among``, only those of its ids (the trees a document links to),
        so checking a document's links need not read every tree of the account.
        """
        ...

    def live_by_id(self, account_id: UUID, tree_ids: Collection[UUID]) -> dict[UUID, Tree]:
        """The account's undeleted trees among ``tree_ids``, by id, in one read.

        For a page that shows whole trees for a list of ids (search hits).
        """
        ...

    def with_title(self, account_id: UUID, title: str) -> Tree | None:
        """The account's oldest undeleted tree titled exactly ``title``, or ``None``."""
        ...

    def hold_title(self, account_id: UUID, title: str) -> None:
        """Until the transaction ends, make others holding this title of the account wait.

        For a check-then-create (an import unless the title exists): of two
        transactions holding one title, the second reads what the first wrote.
        """
        ...

    def search(
        self, account_id: UUID, query: str, limit: int, *, published_only: bool
    ) -> list[SearchHit]:
        """Up to ``limit`` live trees matching ``query``, best first.

        Matches title, description, tags and the node text of the newest
        version. A tree with a query word in its title or tags ranks above
        every tree that matches only in its description and node text; within
        that, a title match ranks above a tag match, which ranks above a
        description or node-text match. A blank query matches nothing.
        """
        ...


class TroubleshootingSessionRepository(Protocol):
    """Walks through trees, each a whole value saved at once."""

    def add(self, session: TroubleshootingSession) -> None:
        """Store a new session."""
        ...

    def get(self, session_id: UUID, *, for_update: bool = False) -> TroubleshootingSession | None:
        """The session, or ``None``; ``for_update`` as for :meth:`TreeRepository.get`."""
        ...

    def save(self, session: TroubleshootingSession) -> None:
        """Replace a stored session."""
        ...

    def matching(
        self,
        account_id: UUID,
        *,
        user_id: UUID | None = None,
        tree_id: UUID | None = None,
        status: WalkStatus | None = None,
    ) -> list[TroubleshootingSession]:
        """Every session of the account matching every filter given, newest first."""
        ...

    def page(self, account_id: UUID, query: SessionQuery) -> SessionPage:
        """The account's sessions matching ``query``, newest first by ``(started_at, id)``."""
        ...

    def count_started_since(self, account_id: UUID, since: datetime | None) -> int:
        """How many walks of the account started at or after ``since``."""
        ...

    def oldest_first_after(
        self,
        account_id: UUID,
        *,
        since: datetime | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[TroubleshootingSession]:
        """Up to ``limit`` walks of the account in ``(started_at, id)`` order, oldest first.

        Only walks started at or after ``since``, and strictly after the
        ``(started_at, id)`` key ``after``: a keyset page, stable while rows
        are added.
        """
        ...


class UnitOfWork(Protocol):
    """One transaction: rolled back on exit unless :meth:`commit` ran."""

    accounts: AccountRepository
    users: UserRepository
    invites: InviteRepository
    login_sessions: LoginSessionRepository
    refresh_tokens: RefreshTokenRepository
    login_failures: LoginFailureRepository
    audit: AuditLog
    trees: TreeRepository
    troubleshooting_sessions: TroubleshootingSessionRepository

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


UnitOfWorkFactory = Callable[[], UnitOfWork]
