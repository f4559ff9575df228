"""Decision trees, their versions, troubleshooting sessions, and full-text search.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01

PostgreSQL searches a generated, weighted ``tsvector`` column of ``trees``
(title 'A', tags 'B', description and node text 'C') through a GIN index.
SQLite searches the FTS5 table ``tree_search`` (tree_id, title, tags, body), which
the repository keeps in step with ``trees``.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: Final = "0002"
down_revision: Final = "0001"
branch_labels: Final = None
depends_on: Final = None

JSON_VALUE: Final = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

SEARCH_VECTOR: Final = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A')"
    " || setweight(to_tsvector('english', coalesce(search_tags, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce(description, '') || ' '"
    " || coalesce(search_body, '')), 'C')"
)


def upgrade() -> None:
    """Create the tree tables and the search structures of this database."""
    op.create_table(
        "trees",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("tags", JSON_VALUE, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("search_tags", sa.String(), nullable=False),
        sa.Column("search_body", sa.String(), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_trees_status")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_trees_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trees")),
    )
    op.create_index(
        "ix_trees_account_id_updated_at", "trees", ["account_id", "updated_at"], unique=False
    )
    op.create_table(
        "tree_versions",
        sa.Column("tree_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", JSON_VALUE, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tree_id"], ["trees.id"], name=op.f("fk_tree_versions_tree_id_trees")
        ),
        sa.PrimaryKeyConstraint("tree_id", "version", name=op.f("pk_tree_versions")),
    )
    op.create_table(
        "troubleshooting_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("tree_id", sa.Uuid(), nullable=False),
        sa.Column("tree_version", sa.Integer(), nullable=False),
        sa.Column("tree_title", sa.String(), nullable=False),
        sa.Column("ticket_ref", sa.String(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("path", JSON_VALUE, nullable=False),
        sa.Column("history", JSON_VALUE, nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("summary", sa.String(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'completed')", name=op.f("ck_troubleshooting_sessions_status")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_troubleshooting_sessions_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["tree_id"], ["trees.id"], name=op.f("fk_troubleshooting_sessions_tree_id_trees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_troubleshooting_sessions")),
    )
    op.create_index(
        "ix_troubleshooting_sessions_account_id_started_at",
        "troubleshooting_sessions",
        ["account_id", "started_at"],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"ALTER TABLE trees ADD COLUMN search_vector tsvector"
            f" GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED"
        )
        op.execute("CREATE INDEX ix_trees_search_vector ON trees USING gin (search_vector)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE tree_search USING fts5("
            "tree_id, title, tags, body, tokenize = 'porter unicode61')"
        )


def downgrade() -> None:
    """Drop the search structures and the tree tables."""
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE tree_search")
    op.drop_index(
        "ix_troubleshooting_sessions_account_id_started_at",
        table_name="troubleshooting_sessions",
    )
    op.drop_table("troubleshooting_sessions")
    op.drop_table("tree_versions")
    op.drop_index("ix_trees_account_id_updated_at", table_name="trees")
    op.drop_table("trees")
