"""The live-session indexes hold only what a refresh never changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Every refresh moves a session's ``last_used_at`` and ``idle_expires_at``.
With those columns in ``ix_login_sessions_live_by_account`` and
``ix_login_sessions_live_by_user``, each refresh rewrote an entry in both
indexes: two to four more pages written per commit on SQLite (whose commits
cost about 10 µs a page here), and no HOT update on PostgreSQL (so new
entries in every index of the table, the primary key's included). Keyed by
``account_id`` and ``user_id`` alone (still only unrevoked sessions), the
indexes serve the same queries: a user's few live sessions are sorted after
the lookup, and a bulk revocation filters the deadlines of the account's
unrevoked sessions as it reads them.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op

revision: Final = "0006"
down_revision: Final = "0005"
branch_labels: Final = None
depends_on: Final = None

UNREVOKED: Final = "revoked_at IS NULL"
# index name: (columns before, columns after)
INDEXES: Final = {
    "ix_login_sessions_live_by_account": (["account_id", "idle_expires_at"], ["account_id"]),
    "ix_login_sessions_live_by_user": (["user_id", "last_used_at"], ["user_id"]),
}


def upgrade() -> None:
    """Rebuild both indexes on the owner column alone."""
    for name, (_, after) in INDEXES.items():
        _rebuild(name, after)


def downgrade() -> None:
    """Put the deadline columns back into the indexes."""
    for name, (before, _) in INDEXES.items():
        _rebuild(name, before)


def _rebuild(name: str, columns: list[str]) -> None:
    op.drop_index(name, table_name="login_sessions")
    op.create_index(
        name,
        "login_sessions",
        columns,
        sqlite_where=sa.text(UNREVOKED),
        postgresql_where=sa.text(UNREVOKED),
    )
