"""The rows of two-factor sign-in: enrolments, recovery codes and sign-in challenges.

Declared on :class:`~adapters.sqlalchemy.rows.RowBase` like every other
table (so migrations and their tests see them); kept apart only to keep
``rows`` short. The unit of work imports them through its repositories.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from adapters.sqlalchemy.rows import RowBase


class TwoFactorEnrolmentRow(RowBase):
    """A user's TOTP enrolment: pending while ``confirmed_at`` is NULL.

    ``seed`` is not the TOTP secret: that is derived from it with the server's
    key (``adapters.two_factor_secrets``), so this table alone yields no codes.
    """

    __tablename__ = "two_factor_enrolments"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    seed: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    last_step: Mapped[int | None] = mapped_column(BigInteger())


class RecoveryCodeRow(RowBase):
    """One single-use recovery code of a user; only its salted SHA-256 is stored."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime | None]


class SignInChallengeRow(RowBase):
    """A right password waiting for its second factor; only the token's SHA-256 is stored."""

    __tablename__ = "sign_in_challenges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    enrolment_required: Mapped[bool]
    used_at: Mapped[datetime | None]
