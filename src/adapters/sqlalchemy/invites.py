"""Invites in SQL: found by code hash, listed by state, resent and revoked."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, and_, false, func, insert, select, true, update

from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.row_mapping import invite_columns, invite_from_row
from adapters.sqlalchemy.rows import InviteRow
from adapters.sqlalchemy.statement_results import affected_rows
from decision_core.identity import Invite
from decision_core.invites import InviteFilter, InvitePage, InviteQuery
from decision_core.ports.identity import InviteRepository


def in_state(state: InviteFilter, now: datetime) -> ColumnElement[bool]:
    """The SQL of :meth:`decision_core.identity.Invite.state` being ``state`` at ``now``."""
    unused, unrevoked = InviteRow.used_at.is_(None), InviteRow.revoked_at.is_(None)
    conditions: dict[InviteFilter, ColumnElement[bool]] = {
        InviteFilter.ALL: true(),
        InviteFilter.USED: InviteRow.used_at.is_not(None),
        InviteFilter.REVOKED: and_(unused, InviteRow.revoked_at.is_not(None)),
        InviteFilter.EXPIRED: and_(unused, unrevoked, InviteRow.expires_at <= now),
        InviteFilter.OPEN: and_(unused, unrevoked, InviteRow.expires_at > now),
    }
    return conditions[state]


class SqlAlchemyInvites(InTransaction, InviteRepository):
    """The ``invites`` table."""

    def add(self, invite: Invite) -> None:
        """Insert a new invite."""
        self._session.execute(insert(InviteRow).values(invite_columns(invite)))

    def get(self, invite_id: UUID, *, for_update: bool = False) -> Invite | None:
        """The invite, or ``None``; ``for_update`` holds its row (``SELECT ... FOR UPDATE``)."""
        query = select(InviteRow).where(InviteRow.id == invite_id)
        row = self._session.scalars(query.with_for_update() if for_update else query).first()
        return None if row is None else invite_from_row(row)

    def save(self, invite: Invite) -> None:
        """Rewrite the row's columns."""
        self._session.execute(
            update(InviteRow).where(InviteRow.id == invite.id).values(invite_columns(invite))
        )

    def page(self, account_id: UUID, query: InviteQuery, now: datetime) -> InvitePage:
        """One statement for the page, one for the count, both with the same conditions."""
        roles = [role.value for role in query.roles]
        matching = and_(
            InviteRow.account_id == account_id,
            InviteRow.role.in_(roles) if roles else false(),
            in_state(query.state, now),
        )
        rows = self._session.scalars(
            select(InviteRow)
            .where(matching)
            .order_by(InviteRow.created_at.desc(), InviteRow.id.desc())
            .limit(query.limit)
            .offset(query.offset)
        ).all()
        total = self._session.scalar(select(func.count()).select_from(InviteRow).where(matching))
        return InvitePage(tuple(invite_from_row(row) for row in rows), total or 0)

    def get_by_code_hash(self, code_hash: str) -> Invite | None:
        """The invite with this code hash, or ``None``."""
        query = select(InviteRow).where(InviteRow.code_hash == code_hash)
        row = self._session.scalars(query).first()
        return None if row is None else invite_from_row(row)

    def mark_used(self, invite: Invite, user_id: UUID, now: datetime) -> bool:
        """One conditional UPDATE: of concurrent redeemers, only one matches.

        A revocation or resend holds the row: the UPDATE waits for it, then
        matches nothing (PostgreSQL re-reads a changed row's conditions).
        """
        result = self._session.execute(
            update(InviteRow)
            .where(
                InviteRow.id == invite.id,
                InviteRow.used_at.is_(None),
                InviteRow.revoked_at.is_(None),
                InviteRow.code_hash == invite.code_hash,
            )
            .values(used_at=now, used_by=user_id)
        )
        return affected_rows(result) == 1
