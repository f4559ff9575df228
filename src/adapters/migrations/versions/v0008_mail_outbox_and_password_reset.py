"""Identity (issue 22, items 1 and 2): the mail outbox.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

``mail_outbox`` holds the messages use cases owe, written in the same
transaction as the change they report, until a drainer has delivered them
(see ``decision_core.usecases.mail_delivery``). ``due_at`` is ``NULL`` once a
message is settled (sent or given up), so its index holds only what is
still owed in its upper range.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: Final = "0008"
down_revision: Final = "0007"
branch_labels: Final = None
depends_on: Final = None

JSON_VALUE: Final = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    """Create the outbox."""
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("template_values", JSON_VALUE, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gave_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
    )
    op.create_index("ix_mail_outbox_due_at", "mail_outbox", ["due_at"])


def downgrade() -> None:
    """Drop the outbox, and any mail still owed with it."""
    op.drop_index("ix_mail_outbox_due_at", table_name="mail_outbox")
    op.drop_table("mail_outbox")
