"""Password-reset tokens in SQL, found by the SHA-256 of the token.

The row is declared here rather than in ``rows`` (on the same ``RowBase``):
only this repository reads or writes it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.rows import RowBase
from adapters.sqlalchemy.statement_results import affected_rows
from decision_core.password_reset import PasswordResetToken
from decision_core.ports.password_reset import PasswordResetTokenRepository


class PasswordResetTokenRow(RowBase):
    """A reset link's token: only its hash; ``used_at`` once used or superseded."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


def _token_from_row(row: PasswordResetTokenRow) -> PasswordResetToken:
    return PasswordResetToken(
        id=row.id,
        user_id=row.user_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
    )


class SqlAlchemyPasswordResetTokens(InTransaction, PasswordResetTokenRepository):
    """The ``password_reset_tokens`` table."""

    def add(self, token: PasswordResetToken) -> None:
        """Insert a new token."""
        self._session.execute(
            insert(PasswordResetTokenRow).values(
                id=token.id,
                user_id=token.user_id,
                token_hash=token.token_hash,
                created_at=token.created_at,
                expires_at=token.expires_at,
                used_at=token.used_at,
            )
        )

    def get_by_hash(self, token_hash: str) -> PasswordResetToken | None:
        """The token with this hash (the unique index finds it), or ``None``."""
        query = select(PasswordResetTokenRow).where(PasswordResetTokenRow.token_hash == token_hash)
        row = self._session.scalars(query).first()
        return None if row is None else _token_from_row(row)

    def spend(self, token_id: uuid.UUID, now: datetime) -> bool:
        """One conditional UPDATE: of concurrent spenders, only one matches."""
        result = self._session.execute(
            update(PasswordResetTokenRow)
            .where(PasswordResetTokenRow.id == token_id, PasswordResetTokenRow.used_at.is_(None))
            .values(used_at=now)
        )
        return affected_rows(result) == 1

    def spend_all_of(self, user_id: uuid.UUID, now: datetime) -> int:
        """One UPDATE of the user's unspent tokens."""
        result = self._session.execute(
            update(PasswordResetTokenRow)
            .where(
                PasswordResetTokenRow.user_id == user_id, PasswordResetTokenRow.used_at.is_(None)
            )
            .values(used_at=now)
        )
        return affected_rows(result)
