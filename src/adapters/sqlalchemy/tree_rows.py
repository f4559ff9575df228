"""The rows of decision trees: trees, their versions and walks.

Declared on :class:`~adapters.sqlalchemy.rows.RowBase` like every other
table (so migrations and their tests see them); kept apart only to keep
``rows`` short. The search objects the migrations add beside ``trees`` are
listed in ``rows.SEARCH_OBJECTS``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from adapters.sqlalchemy.rows import RowBase

# JSON arrays and objects: JSONB on PostgreSQL (as the audit details), JSON text on SQLite.
JSON_VALUE: Final = JSON().with_variant(postgresql.JSONB(), "postgresql")


class TreeRow(RowBase):
    """A decision tree's metadata; ``version`` names its newest row in ``tree_versions``.

    ``search_tags`` and ``search_body`` (the newest version's node text) are
    kept by the repository so full-text search reads one row per tree. On
    PostgreSQL the migration adds a generated, weighted ``search_vector``
    (with a GIN index) over them; on SQLite the repository mirrors them into
    the FTS5 table ``tree_search``. Neither is declared here: see
    ``SEARCH_OBJECTS``.
    """

    __tablename__ = "trees"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        Index("ix_trees_account_id_updated_at", "account_id", "updated_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    title: Mapped[str] = mapped_column(String())
    description: Mapped[str] = mapped_column(String())
    category: Mapped[str | None] = mapped_column(String())
    tags: Mapped[list[str]] = mapped_column(JSON_VALUE)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int]
    created_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
    search_tags: Mapped[str] = mapped_column(String())
    search_body: Mapped[str] = mapped_column(String())


class TreeVersionRow(RowBase):
    """One immutable document of a tree."""

    __tablename__ = "tree_versions"

    tree_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trees.id"), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID | None]


class WalkRow(RowBase):
    """One walk, saved whole.

    ``path`` and ``history`` are JSON columns rather than step tables: a walk
    is always read and written as one value, nothing queries single steps,
    and the filters of ``matching`` (account, user, tree, status, start) are
    plain indexed columns.
    """

    __tablename__ = "troubleshooting_sessions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'completed')", name="status"),
        Index("ix_troubleshooting_sessions_account_id_started_at", "account_id", "started_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    user_id: Mapped[uuid.UUID]
    tree_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trees.id"))
    tree_version: Mapped[int]
    tree_title: Mapped[str] = mapped_column(String())
    ticket_ref: Mapped[str | None] = mapped_column(String())
    started_at: Mapped[datetime]
    path: Mapped[list[Any]] = mapped_column(JSON_VALUE)
    history: Mapped[list[Any]] = mapped_column(JSON_VALUE)
    notes: Mapped[str] = mapped_column(String())
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str | None] = mapped_column(String())
    completed_at: Mapped[datetime | None]
