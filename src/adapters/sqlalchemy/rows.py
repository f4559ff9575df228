"""Declarative rows: the shape of the tables, kept apart from the domain values.

The domain classes of ``decision_core`` are never mapped; ``row_mapping``
converts between them and these rows explicitly.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Uuid,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from adapters.sqlalchemy.utc_datetime import UtcDateTime
from decision_core.identity import EMAIL_MAX_LENGTH
from decision_core.roles import Role

# Deterministic constraint names, so migrations can refer to them on every database.
NAMING_CONVENTION: Final = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLE_VALUES: Final = ", ".join(f"'{role.value}'" for role in Role)


class RowBase(DeclarativeBase):
    """Every table of the login-session core."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JSON().with_variant(postgresql.JSONB(), "postgresql"),
    }


class AccountRow(RowBase):
    """A tenant and its two nullable session-policy overrides."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint(
            "session_idle_minutes IS NULL OR session_absolute_minutes IS NULL"
            " OR session_idle_minutes <= session_absolute_minutes",
            name="idle_within_absolute",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String())
    created_at: Mapped[datetime]
    session_idle_minutes: Mapped[int | None]
    session_absolute_minutes: Mapped[int | None]
    require_two_factor: Mapped[bool]


class UserRow(RowBase):
    """A member of one account.

    ``email`` is kept as given; ``email_key`` is ``decision_core.identity.email_key``
    of it and carries the unique index. Computing the key in Python gives one
    definition of "the same email" on every database: SQL ``lower()`` folds only
    ASCII on SQLite and does not casefold (``ß`` vs ``ss``) on either.
    """

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({ROLE_VALUES})", name="role"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH))
    email_key: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String())
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String())
    is_active: Mapped[bool]
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]


class InviteRow(RowBase):
    """A single-use invite; only the SHA-256 of its code is stored."""

    __tablename__ = "invites"
    __table_args__ = (CheckConstraint(f"role IN ({ROLE_VALUES})", name="role"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]


class LoginSessionRow(RowBase):
    """One sign-in on one device.

    ``idle_expires_at`` and ``absolute_expires_at`` are derived from the other
    columns (see ``row_mapping``) and stored so that "live at :now" is plain
    column comparisons, identical on both databases.
    """

    __tablename__ = "login_sessions"
    __table_args__ = (
        # Only columns neither a refresh nor a revocation writes (see migrations 0006 and
        # 0007): on PostgreSQL both are then HOT updates, which write no index entry.
        Index("ix_login_sessions_by_account", "account_id"),
        Index("ix_login_sessions_by_user", "user_id"),
        # Room on each page for a new version of every row on it, so that even a
        # revocation of all of a page's sessions keeps them there (migration 0007).
        {"postgresql_with": {"fillfactor": 45}},
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    auth_time: Mapped[datetime]
    idle_max: Mapped[int]
    abs_max: Mapped[int]
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime]
    user_agent: Mapped[str | None] = mapped_column(String())
    ip: Mapped[str | None] = mapped_column(String())
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(32))
    idle_expires_at: Mapped[datetime]
    absolute_expires_at: Mapped[datetime]
    reauthenticated_at: Mapped[datetime | None]


class RefreshTokenRow(RowBase):
    """One refresh token of a login session, keyed by its raw ``jti``.

    The jti is stored as is, not hashed: it is an identifier inside a signed
    token, not a bearer secret (nobody can present a jti without our signature
    over the whole token), and the reuse grace must re-issue a token for the
    *successor's* jti, which a hash could not give back.

    ``parent_jti`` is deliberately not a foreign key, so pruning old consumed
    tokens never has to respect their chain.
    """

    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(), primary_key=True)
    sid: Mapped[uuid.UUID] = mapped_column(ForeignKey("login_sessions.id"), index=True)
    parent_jti: Mapped[str | None] = mapped_column(String(), index=True)
    issued_at: Mapped[datetime]
    consumed_at: Mapped[datetime | None]


class AuditEventRow(RowBase):
    """An append-only audit event; ``user_id`` is no foreign key, history outlives users."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_account_at_id", "account_id", "at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    user_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(String(64))
    resource_type: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str | None] = mapped_column(String())
    details: Mapped[dict[str, Any]]


class LoginFailureRow(RowBase):
    """One failed sign-in for an (email key, client address) pair."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_key_address_at", "email_key", "address", "at"),
    )

    # SQLite only auto-increments an INTEGER PRIMARY KEY, not a BIGINT one.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    email_key: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH))
    address: Mapped[str] = mapped_column(String())
    at: Mapped[datetime]


# Full-text search objects made by the migrations but not declared as rows (a tsvector
# column and the search indexes exist only on PostgreSQL, an FTS5 table only on SQLite).
SEARCH_OBJECTS: Final = frozenset(
    {"search_vector", "ix_trees_search_vector", "ix_trees_search_heading", "tree_search"}
)


def is_declared(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic ``include_name``: leave the search objects (and FTS5 shadow tables) out."""
    if name is None:
        return True
    if type_ == "table" and name.startswith("tree_search"):
        return False
    return name not in SEARCH_OBJECTS
