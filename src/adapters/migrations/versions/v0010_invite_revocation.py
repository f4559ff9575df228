"""Identity (issue 22, item 3): an invite can be revoked.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

``invites.revoked_at`` is when an owner or admin revoked the invite; a
revoked invite cannot be redeemed. Batch mode, so that SQLite (which drops a
column only by rebuilding the table) and PostgreSQL run the same migration.

The downgrade cannot keep the column, so it lets each revoked, unused invite
expire when it was revoked: a downgrade must not make a revoked link work again.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op

revision: Final = "0010"
down_revision: Final = "0009"
branch_labels: Final = None
depends_on: Final = None

_EXPIRE_REVOKED: Final = (
    "UPDATE invites SET expires_at = revoked_at"
    " WHERE revoked_at IS NOT NULL AND used_at IS NULL AND revoked_at < expires_at"
)


def upgrade() -> None:
    """Add ``invites.revoked_at``."""
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Expire revoked invites at their revocation, then drop ``revoked_at``."""
    op.execute(_EXPIRE_REVOKED)
    with op.batch_alter_table("invites") as batch:
        batch.drop_column("revoked_at")
