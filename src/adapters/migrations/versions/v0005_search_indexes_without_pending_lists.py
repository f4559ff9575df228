"""The search's GIN indexes take each write at once instead of queueing it in a pending list.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

With ``fastupdate`` (PostgreSQL's default) a GIN index queues new entries in
a pending list of up to ``gin_pending_list_limit`` (4 MB), and every search
reads that list whole: after 100,000 trees were written, the two search
indexes held about 480 and 390 pending pages, and the index scan of one
search for a device took 18 ms instead of 3. Trees are written rarely and searched often, so each
write now pays to update the index directly, and the lists left over are
merged now. SQLite has no such index.
"""

from __future__ import annotations

from typing import Final

from alembic import op

revision: Final = "0005"
down_revision: Final = "0004"
branch_labels: Final = None
depends_on: Final = None

INDEXES: Final = ("ix_trees_search_vector", "ix_trees_search_heading")


def upgrade() -> None:
    """Turn fastupdate off and merge what is pending (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    """Back to PostgreSQL's default (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
