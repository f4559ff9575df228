"""A revocation changes no indexed column, and PostgreSQL keeps room for it on each page.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

A bulk revocation sets ``revoked_at`` on every row it picks. While the two
owner indexes left revoked sessions out (``WHERE revoked_at IS NULL``), that
column counted as indexed, so on PostgreSQL no revocation could be a HOT
update: each row's new version went to another page, with a tuple-lock
record, and took a new entry in the primary key (about 340 bytes of WAL and
six microseconds a row, and more once the table outgrew the buffers). Keyed
by ``account_id`` and ``user_id`` over all sessions, the indexes name no
column a revocation or a refresh writes; with 55% of each PostgreSQL page
kept free (``fillfactor = 45``: a revoked version is a little longer than
the live one, and 50 left one row in twenty without room), the new version
of every row on a page fits beside the old one, and a revocation writes
only heap pages. ``python -m bench.bulk_revoke``, 2026-12-03, two runs
each: 100,000 sessions in 0.21 s against 0.63-0.69 s, 1,000,000 in 2.0-2.2
s against 7.4-9.0 s. On SQLite, where the revocation no longer deletes
index entries either: 0.14 s and 1.5-2.2 s, against 0.41 s and 4.0 s in
the day's full ``nox -s bench`` before this migration.

What it costs: the indexes also hold ended sessions until ``prune-tokens``
deletes them, and new PostgreSQL pages hold under half as many sessions. Pages
written before this migration stay full until the table is rewritten
(``VACUUM FULL login_sessions``, which locks the table while it runs), so
the migration itself rewrites nothing.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op

revision: Final = "0007"
down_revision: Final = "0006"
branch_labels: Final = None
depends_on: Final = None

UNREVOKED: Final = "revoked_at IS NULL"
FILLFACTOR: Final = 45
# index before: index after, on the same column
INDEXES: Final = {
    "ix_login_sessions_live_by_account": ("ix_login_sessions_by_account", "account_id"),
    "ix_login_sessions_live_by_user": ("ix_login_sessions_by_user", "user_id"),
}


def upgrade() -> None:
    """Index every session by owner, and leave room on PostgreSQL's new pages."""
    for before, (after, column) in INDEXES.items():
        op.drop_index(before, table_name="login_sessions")
        op.create_index(after, "login_sessions", [column])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE login_sessions SET (fillfactor = {FILLFACTOR})")


def downgrade() -> None:
    """Back to indexes of unrevoked sessions, and full pages."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE login_sessions RESET (fillfactor)")
    for before, (after, column) in INDEXES.items():
        op.drop_index(after, table_name="login_sessions")
        op.create_index(
            before,
            "login_sessions",
            [column],
            sqlite_where=sa.text(UNREVOKED),
            postgresql_where=sa.text(UNREVOKED),
        )
