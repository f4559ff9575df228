"""Trees, tree versions and invites may be created by an operator (the CLI), who is no user.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

``created_by`` of ``trees``, ``tree_versions`` and ``invites`` becomes
nullable: ``NULL`` means an operator wrote the row (the audit trail records
which, as ``details.actor``). SQLite changes a column's nullability only by
rebuilding the table, hence batch mode; PostgreSQL alters in place.

The downgrade has to make the columns required again, so it attributes each
operator-written row to the oldest owner of the row's account: the person
whose authority the operator exercised.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op

revision: Final = "0003"
down_revision: Final = "0002"
branch_labels: Final = None
depends_on: Final = None

TABLES: Final = ("trees", "tree_versions", "invites")

# The oldest owner of an account, for an account id taken from the outer row.
_OLDEST_OWNER: Final = (
    "(SELECT users.id FROM users WHERE users.account_id = {account}"
    " AND users.role = 'owner' ORDER BY users.created_at, users.id LIMIT 1)"
)
_ATTRIBUTE_TO_OWNER: Final = "UPDATE {table} SET created_by = {owner} WHERE created_by IS NULL"
_ACCOUNT_OF_ROW: Final = {
    "trees": "trees.account_id",
    "invites": "invites.account_id",
    "tree_versions": "(SELECT trees.account_id FROM trees WHERE trees.id = tree_versions.tree_id)",
}


def upgrade() -> None:
    """Let ``created_by`` be NULL: written by an operator."""
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("created_by", existing_type=sa.Uuid(), nullable=True)


def downgrade() -> None:
    """Attribute operator-written rows to their account's oldest owner; require ``created_by``."""
    for table in TABLES:
        owner = _OLDEST_OWNER.format(account=_ACCOUNT_OF_ROW[table])
        op.execute(_ATTRIBUTE_TO_OWNER.format(table=table, owner=owner))
        with op.batch_alter_table(table) as batch:
            batch.alter_column("created_by", existing_type=sa.Uuid(), nullable=False)
