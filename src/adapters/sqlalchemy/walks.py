"""Walks in SQL, one row per walk (in the ``troubleshooting_sessions`` table)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, insert, or_, select

from adapters.sqlalchemy.fast_path.statements import (
    SAVE_WALK,
    WALK_BY_ID,
    WALK_BY_ID_FOR_UPDATE,
    parameters,
)
from adapters.sqlalchemy.in_transaction import InTransaction
from adapters.sqlalchemy.tree_mapping import walk_columns, walk_from_row
from adapters.sqlalchemy.tree_rows import WalkRow
from decision_core.ports.trees import WalkRepository
from decision_core.trees.walk_listing import WalkPage, WalkQuery
from decision_core.trees.walks import Walk, WalkStatus

# The id breaks ties between walks started at the same instant, so pages are stable.
_NEWEST_FIRST = (WalkRow.started_at.desc(), WalkRow.id.desc())


class SqlAlchemyWalks(InTransaction, WalkRepository):
    """The ``troubleshooting_sessions`` table."""

    def add(self, walk: Walk) -> None:
        """Insert a new walk."""
        self._session.execute(insert(WalkRow).values(walk_columns(walk)))

    def get(self, walk_id: UUID, *, for_update: bool = False) -> Walk | None:
        """The walk, or ``None``; ``for_update`` locks its row until the transaction ends.

        A walk is read, changed and saved whole, so two operations at once (a
        double click, two tabs) must not both start from the same state: on
        PostgreSQL the second waits here and then reads the first one's result.
        SQLite ignores FOR UPDATE; its write transactions are serial anyway.
        """
        query = WALK_BY_ID_FOR_UPDATE if for_update else WALK_BY_ID
        row = self._transaction.first(query, {"p_id": walk_id})
        return None if row is None else walk_from_row(row)

    def save(self, walk: Walk) -> None:
        """Replace the stored walk."""
        self._transaction.write(SAVE_WALK, parameters(walk_columns(walk)))

    def matching(
        self,
        account_id: UUID,
        *,
        user_id: UUID | None = None,
        tree_id: UUID | None = None,
        status: WalkStatus | None = None,
    ) -> list[Walk]:
        """Every walk of the account matching every filter given, newest first."""
        filters = WalkQuery(user_id=user_id, tree_id=tree_id, status=status)
        query = select(WalkRow).where(*_criteria(account_id, filters))
        rows = self._session.scalars(query.order_by(*_NEWEST_FIRST))
        return [walk_from_row(found) for found in rows]

    def page(self, account_id: UUID, query: WalkQuery) -> WalkPage:
        """One page of the matching walks and their count, both from the database."""
        criteria = _criteria(account_id, query)
        row = WalkRow
        total = self._session.scalar(select(func.count()).select_from(row).where(*criteria))
        rows = self._session.scalars(
            select(row)
            .where(*criteria)
            .order_by(*_NEWEST_FIRST)
            .limit(query.limit)
            .offset(query.offset)
        )
        return WalkPage(items=tuple(walk_from_row(found) for found in rows), total=total or 0)

    def count_started_since(self, account_id: UUID, since: datetime | None) -> int:
        """One COUNT over the account's walks started at or after ``since``."""
        query = select(func.count()).select_from(WalkRow)
        return self._session.scalars(query.where(*_started_since(account_id, since))).one()

    def oldest_first_after(
        self,
        account_id: UUID,
        *,
        since: datetime | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[Walk]:
        """One keyset page in ``(started_at, id)`` order, served by the account index."""
        row = WalkRow
        query = select(row).where(*_started_since(account_id, since))
        if after is not None:
            started_at, walk_id = after
            query = query.where(
                or_(
                    row.started_at > started_at,
                    and_(row.started_at == started_at, row.id > walk_id),
                )
            )
        query = query.order_by(row.started_at, row.id).limit(limit)
        return [walk_from_row(found) for found in self._session.scalars(query)]


def _started_since(account_id: UUID, since: datetime | None) -> list[ColumnElement[bool]]:
    criteria = [WalkRow.account_id == account_id]
    if since is not None:
        criteria.append(WalkRow.started_at >= since)
    return criteria


def _criteria(account_id: UUID, query: WalkQuery) -> list[ColumnElement[bool]]:
    row = WalkRow
    criteria = [row.account_id == account_id]
    if query.user_id is not None:
        criteria.append(row.user_id == query.user_id)
    if query.tree_id is not None:
        criteria.append(row.tree_id == query.tree_id)
    if query.status is not None:
        criteria.append(row.status == query.status.value)
    return criteria
