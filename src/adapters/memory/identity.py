"""In-memory accounts, users and invites."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from adapters.memory.store import Tables
from decision_core.errors import EmailAlreadyRegistered
from decision_core.identity import Account, Invite, Rehash, User, email_key
from decision_core.invites import InvitePage, InviteQuery
from decision_core.login.policy import PolicyOverrides
from decision_core.ports.identity import AccountRepository, InviteRepository, UserRepository
from decision_core.roles import Role


class MemoryAccounts(AccountRepository):
    """Accounts in a dict."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, account: Account) -> None:
        """Store a new account."""
        self._tables.accounts[account.id] = account

    def get(self, account_id: UUID, *, for_update: bool = False) -> Account | None:
        """The account, or ``None``; the unit of work already holds the whole store."""
        del for_update
        return self._tables.accounts.get(account_id)

    def save_policy(self, account_id: UUID, policy: PolicyOverrides) -> None:
        """Replace the overrides."""
        account = self._tables.accounts[account_id]
        self._tables.accounts[account_id] = attrs.evolve(account, policy=policy)

    def save_two_factor_requirement(self, account_id: UUID, *, required: bool) -> None:
        """Set the requirement."""
        account = self._tables.accounts[account_id]
        self._tables.accounts[account_id] = attrs.evolve(account, require_two_factor=required)

    def any_exists(self) -> bool:
        """Whether the store holds an account."""
        return bool(self._tables.accounts)


class MemoryUsers(UserRepository):
    """Users in a dict; emails unique by their case-folded form."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, user: User) -> None:
        """Store a new user unless the email is taken."""
        if self.get_by_email(user.email) is not None:
            raise EmailAlreadyRegistered
        self._tables.users[user.id] = user

    def get(self, user_id: UUID, *, for_update: bool = False) -> User | None:
        """The user, or ``None``; the unit of work already holds the whole store."""
        del for_update
        return self._tables.users.get(user_id)

    def get_with_account(self, user_id: UUID) -> tuple[User, Account] | None:
        """The user and its account, if both are there."""
        user = self._tables.users.get(user_id)
        account = None if user is None else self._tables.accounts.get(user.account_id)
        return None if user is None or account is None else (user, account)

    def get_by_email(self, email: str) -> User | None:
        """The user with this email, case-insensitively."""
        key = email_key(email)
        return next((u for u in self._tables.users.values() if email_key(u.email) == key), None)

    def save(self, user: User) -> None:
        """Replace a stored user."""
        self._tables.users[user.id] = user

    def record_sign_in(
        self,
        user_id: UUID,
        at: datetime,
        *,
        checked_hash: str | None = None,
        rehash: Rehash | None = None,
    ) -> bool:
        """Set an active user's last sign-in and, if it still has the hash replaced, the new one.

        Not for a user whose hash is no longer ``checked_hash``, when given.
        """
        user = self._tables.users.get(user_id)
        if user is None or not user.is_active:
            return False
        if checked_hash is not None and user.password_hash != checked_hash:
            return False
        signed_in = attrs.evolve(user, last_login_at=at)
        if rehash is not None and user.password_hash == rehash.replaces:
            signed_in = attrs.evolve(signed_in, password_hash=rehash.new_hash)
        self._tables.users[user_id] = signed_in
        return True

    def list_by_account(self, account_id: UUID) -> list[User]:
        """Members, oldest first."""
        members = [u for u in self._tables.users.values() if u.account_id == account_id]
        return sorted(members, key=lambda u: (u.created_at, str(u.id)))

    def count_active_owners(self, account_id: UUID) -> int:
        """Active owners of the account."""
        return sum(
            1
            for u in self._tables.users.values()
            if u.account_id == account_id and u.is_active and u.role is Role.OWNER
        )


class MemoryInvites(InviteRepository):
    """Invites in a dict."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, invite: Invite) -> None:
        """Store a new invite."""
        self._tables.invites[invite.id] = invite

    def get(self, invite_id: UUID, *, for_update: bool = False) -> Invite | None:
        """The invite, or ``None``."""
        del for_update  # memory transactions take turns: each holds everything
        return self._tables.invites.get(invite_id)

    def save(self, invite: Invite) -> None:
        """Replace the stored invite."""
        self._tables.invites[invite.id] = invite

    def page(self, account_id: UUID, query: InviteQuery, now: datetime) -> InvitePage:
        """The account's invites ``query`` admits, newest first."""
        found = [
            i
            for i in self._tables.invites.values()
            if i.account_id == account_id and query.admits(i, now)
        ]
        found.sort(key=lambda i: (i.created_at, str(i.id)), reverse=True)
        return InvitePage(tuple(found[query.offset : query.offset + query.limit]), len(found))

    def get_by_code_hash(self, code_hash: str) -> Invite | None:
        """The invite with this code hash."""
        return next((i for i in self._tables.invites.values() if i.code_hash == code_hash), None)

    def mark_used(self, invite: Invite, user_id: UUID, now: datetime) -> bool:
        """Mark it used unless it is used or revoked, or has another code, by now."""
        stored = self._tables.invites.get(invite.id)
        if (
            stored is None
            or stored.used_at is not None
            or stored.revoked_at is not None
            or stored.code_hash != invite.code_hash
        ):
            return False
        self._tables.invites[invite.id] = attrs.evolve(stored, used_at=now, used_by=user_id)
        return True
