"""The identity ports: accounts, their users, and invites."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from decision_core.identity import Account, Invite, Rehash, User
from decision_core.invites import InvitePage, InviteQuery
from decision_core.login.policy import PolicyOverrides


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

    def save_two_factor_requirement(self, account_id: UUID, *, required: bool) -> None:
        """Set whether the account's members need a second factor to sign in."""
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

    def record_sign_in(
        self,
        user_id: UUID,
        at: datetime,
        *,
        checked_hash: str | None = None,
        rehash: Rehash | None = None,
    ) -> bool:
        """Set when an active user last signed in; whether it did.

        Only that column, and the password hash of ``rehash`` if the stored
        hash is still the one it replaces: a change another transaction made
        to the user meanwhile (a role, a name, a new password) is not written
        back over. Nothing is written for an inactive or missing user, nor,
        given ``checked_hash`` (the hash a password was checked against), for
        one whose stored hash is no longer that: a password changed since the
        check ended the sign-ins of the old one (D189). The user is held until
        the transaction ends, so a deactivation or a password change waits for
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

    def get(self, invite_id: UUID, *, for_update: bool = False) -> Invite | None:
        """The invite, or ``None``; ``for_update`` as for :meth:`AccountRepository.get`.

        A redemption of a held invite waits for the holder, then sees what it committed.
        """
        ...

    def save(self, invite: Invite) -> None:
        """Replace a stored invite (its code, expiry or revocation); the caller holds it."""
        ...

    def page(self, account_id: UUID, query: InviteQuery, now: datetime) -> InvitePage:
        """The account's invites ``query`` admits at ``now``, newest first, and how many match.

        Newest by ``created_at``, then by id, so that pages never overlap.
        """
        ...

    def get_by_code_hash(self, code_hash: str) -> Invite | None:
        """The invite with this code hash, or ``None``."""
        ...

    def mark_used(self, invite: Invite, user_id: UUID, now: datetime) -> bool:
        """Atomically mark ``invite`` used; ``False`` if it changed since it was read.

        Only while it is unused, unrevoked and still has ``invite``'s code: if
        someone was first, or it was revoked or resent meanwhile, nothing is written.
        """
        ...
