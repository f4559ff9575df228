"""Accounts and users in SQL (invites: ``adapters.sqlalchemy.invites``)."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.fast_path.compiled import record_type
from adapters.sqlalchemy.fast_path.statements import (
    ACCOUNT_BY_ID,
    ACCOUNT_BY_ID_FOR_UPDATE,
    ACCOUNT_COLUMNS,
    RECORD_SIGN_IN,
    SAVE_USER,
    USER_BY_EMAIL_KEY,
    USER_BY_ID,
    USER_BY_ID_FOR_UPDATE,
    USER_COLUMNS,
    USER_WITH_ACCOUNT,
    parameters,
)
from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.row_mapping import (
    account_columns,
    account_from_row,
    policy_columns,
    user_columns,
    user_from_row,
)
from adapters.sqlalchemy.rows import AccountRow, UserRow
from decision_core.errors import EmailAlreadyRegistered
from decision_core.identity import Account, Rehash, User, email_key
from decision_core.login.policy import PolicyOverrides
from decision_core.ports.identity import AccountRepository, UserRepository
from decision_core.roles import Role

# The two halves of a USER_WITH_ACCOUNT row, as the row mappers read a row.
_UserRecord: Final = record_type(USER_COLUMNS)
_AccountRecord: Final = record_type(ACCOUNT_COLUMNS)


class SqlAlchemyAccounts(InTransaction, AccountRepository):
    """The ``accounts`` table."""

    def add(self, account: Account) -> None:
        """Insert a new account."""
        self._session.execute(insert(AccountRow).values(account_columns(account)))

    def get(self, account_id: UUID, *, for_update: bool = False) -> Account | None:
        """The account, or ``None``; ``for_update`` holds its row (``ACCOUNT_BY_ID_FOR_UPDATE``)."""
        query = ACCOUNT_BY_ID_FOR_UPDATE if for_update else ACCOUNT_BY_ID
        row = self._transaction.first(query, {"p_id": account_id})
        return None if row is None else account_from_row(row)

    def save_policy(self, account_id: UUID, policy: PolicyOverrides) -> None:
        """Replace both overrides; the CHECK constraint guards idle <= absolute."""
        self._session.execute(
            update(AccountRow).where(AccountRow.id == account_id).values(policy_columns(policy))
        )

    def save_two_factor_requirement(self, account_id: UUID, *, required: bool) -> None:
        """Set the account's ``require_two_factor``."""
        self._session.execute(
            update(AccountRow)
            .where(AccountRow.id == account_id)
            .values(require_two_factor=required)
        )

    def any_exists(self) -> bool:
        """Whether the ``accounts`` table has a row (reads one id at most)."""
        return self._session.execute(select(AccountRow.id).limit(1)).first() is not None


class SqlAlchemyUsers(InTransaction, UserRepository):
    """The ``users`` table; uniqueness rides on the ``email_key`` column."""

    def add(self, user: User) -> None:
        """Insert a new user, or raise ``EmailAlreadyRegistered``.

        The insert runs in a SAVEPOINT: on PostgreSQL a failed statement aborts
        the whole transaction, and the use case's transaction must survive the
        duplicate to answer 409 cleanly.
        """
        try:
            with self._session.begin_nested():
                self._session.execute(insert(UserRow).values(user_columns(user)))
        except IntegrityError as exc:
            if self.get_by_email(user.email) is None:
                raise  # some other constraint broke: not ours to reinterpret
            raise EmailAlreadyRegistered from exc

    def get(self, user_id: UUID, *, for_update: bool = False) -> User | None:
        """The user, or ``None``; ``for_update`` holds its row (see ``USER_BY_ID_FOR_UPDATE``)."""
        query = USER_BY_ID_FOR_UPDATE if for_update else USER_BY_ID
        row = self._transaction.first(query, {"p_id": user_id})
        return None if row is None else user_from_row(row)

    def get_with_account(self, user_id: UUID) -> tuple[User, Account] | None:
        """The user and its account, from one statement joining the two rows."""
        row = self._transaction.first(USER_WITH_ACCOUNT, {"p_id": user_id})
        if row is None:
            return None
        user_part, account_part = row[: len(USER_COLUMNS)], row[len(USER_COLUMNS) :]
        return (
            user_from_row(_UserRecord._make(user_part)),
            account_from_row(_AccountRecord._make(account_part)),
        )

    def get_by_email(self, email: str) -> User | None:
        """The user whose email has the same key."""
        row = self._transaction.first(USER_BY_EMAIL_KEY, {"p_email_key": email_key(email)})
        return None if row is None else user_from_row(row)

    def save(self, user: User) -> None:
        """Replace every column of the stored user but its key (see ``SAVE_USER``)."""
        self._transaction.write(SAVE_USER, parameters(user_columns(user)))

    def record_sign_in(
        self,
        user_id: UUID,
        at: datetime,
        *,
        checked_hash: str | None = None,
        rehash: Rehash | None = None,
    ) -> bool:
        """One conditional UPDATE (see ``RECORD_SIGN_IN``); whether it found the user signable.

        Its row lock is what a deactivation or a password change waits for
        (PostgreSQL re-checks ``is_active`` and the hash after waiting for
        one that held it).
        """
        values = {
            "p_id": user_id,
            "p_last_login_at": at,
            "p_checked_hash": checked_hash,
            "p_replaced_hash": None if rehash is None else rehash.replaces,
            "p_new_hash": None if rehash is None else rehash.new_hash,
        }
        return self._transaction.write(RECORD_SIGN_IN, values) == 1

    def list_by_account(self, account_id: UUID) -> list[User]:
        """Members, oldest first."""
        query = (
            select(UserRow)
            .where(UserRow.account_id == account_id)
            .order_by(UserRow.created_at, UserRow.id)
        )
        return [user_from_row(row) for row in self._session.scalars(query)]

    def count_active_owners(self, account_id: UUID) -> int:
        """Active owners of the account, locked until the transaction ends.

        FOR UPDATE makes a concurrent count wait and then re-check its rows, so two
        owners demoting each other at once cannot both see a second owner. (An
        aggregate cannot be locked, hence the ids. SQLite ignores the clause: its
        BEGIN IMMEDIATE already serialises the transactions.)
        """
        query = (
            select(UserRow.id)
            .where(
                UserRow.account_id == account_id,
                UserRow.is_active,
                UserRow.role == Role.OWNER.value,
            )
            .with_for_update()
        )
        return len(self._session.scalars(query).all())
