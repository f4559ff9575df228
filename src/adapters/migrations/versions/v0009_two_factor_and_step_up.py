"""Two-factor sign-in (TOTP enrolments, recovery codes, sign-in challenges) and step-up.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

New tables: ``two_factor_enrolments`` (one per user; a random seed from
which the server derives the TOTP secret with its key, never the secret),
``recovery_codes`` (salted SHA-256 hashes, each usable once) and
``sign_in_challenges`` (SHA-256 of the token a right password gets while
its second factor is awaited). New columns: ``accounts.require_two_factor``
(false for every existing account) and ``login_sessions.reauthenticated_at``
(when a step-up last confirmed the session's user; unindexed, so setting it
is a HOT update on PostgreSQL, like a refresh).
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from alembic import op

revision: Final = "0009"
down_revision: Final = "0008"
branch_labels: Final = None
depends_on: Final = None


def upgrade() -> None:
    """Create the two-factor tables and add the two columns."""
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(
            sa.Column("require_two_factor", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("login_sessions") as batch:
        batch.add_column(sa.Column("reauthenticated_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "two_factor_enrolments",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_step", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_two_factor_enrolments_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_two_factor_enrolments")),
    )
    op.create_table(
        "recovery_codes",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "code_hash", name=op.f("pk_recovery_codes")),
    )
    op.create_table(
        "sign_in_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolment_required", sa.Boolean(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sign_in_challenges_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_challenges")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_challenges_token_hash")),
    )
    op.create_index(op.f("ix_sign_in_challenges_user_id"), "sign_in_challenges", ["user_id"])


def downgrade() -> None:
    """Drop the two-factor tables and the two columns."""
    op.drop_index(op.f("ix_sign_in_challenges_user_id"), table_name="sign_in_challenges")
    op.drop_table("sign_in_challenges")
    op.drop_table("recovery_codes")
    op.drop_table("two_factor_enrolments")
    with op.batch_alter_table("login_sessions") as batch:
        batch.drop_column("reauthenticated_at")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("require_two_factor")
