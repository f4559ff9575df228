"""In-memory walks."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from adapters.memory.store import Tables
from decision_core.ports.trees import WalkRepository
from decision_core.trees.walk_listing import WalkPage, WalkQuery
from decision_core.trees.walks import Walk, WalkStatus


class MemoryWalks(WalkRepository):
    """Walks in a dict."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def add(self, walk: Walk) -> None:
        """Store a new walk."""
        self._tables.walks[walk.id] = walk

    def get(self, walk_id: UUID, *, for_update: bool = False) -> Walk | None:
        """The walk, or ``None``; the store's lock already serialises every change."""
        del for_update
        return self._tables.walks.get(walk_id)

    def save(self, walk: Walk) -> None:
        """Replace a stored walk."""
        self._tables.walks[walk.id] = walk

    def matching(
        self,
        account_id: UUID,
        *,
        user_id: UUID | None = None,
        tree_id: UUID | None = None,
        status: WalkStatus | None = None,
    ) -> list[Walk]:
        """Every walk of the account matching every filter given, newest first."""
        found = [
            s
            for s in self._tables.walks.values()
            if s.account_id == account_id
            and user_id in (None, s.user_id)
            and tree_id in (None, s.tree_id)
            and status in (None, s.status)
        ]
        return sorted(found, key=lambda s: (s.started_at, str(s.id)), reverse=True)

    def page(self, account_id: UUID, query: WalkQuery) -> WalkPage:
        """The walks matching ``query``, newest first, cut to its page."""
        found = self.matching(
            account_id, user_id=query.user_id, tree_id=query.tree_id, status=query.status
        )
        items = found[query.offset : query.offset + query.limit]
        return WalkPage(items=tuple(items), total=len(found))

    def count_started_since(self, account_id: UUID, since: datetime | None) -> int:
        """How many walks of the account started at or after ``since``."""
        return len(self._started_since(account_id, since))

    def oldest_first_after(
        self,
        account_id: UUID,
        *,
        since: datetime | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[Walk]:
        """The next ``limit`` walks after the key ``after``, oldest first."""
        ordered = sorted(self._started_since(account_id, since), key=_walk_key)
        later = [walk for walk in ordered if after is None or _walk_key(walk) > after]
        return later[:limit]

    def _started_since(self, account_id: UUID, since: datetime | None) -> list[Walk]:
        return [
            walk
            for walk in self._tables.walks.values()
            if walk.account_id == account_id and (since is None or walk.started_at >= since)
        ]


def _walk_key(walk: Walk) -> tuple[datetime, UUID]:
    # UUIDs order by their 128-bit value: the order of PostgreSQL's uuid and of SQLite's hex text.
    return (walk.started_at, walk.id)
