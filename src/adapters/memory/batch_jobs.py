"""The batch jobs' repository over the in-memory tables."""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from uuid import UUID

from adapters.memory.store import Tables
from decision_core.ports import BatchJobRepository
from decision_core.retention import PrunedSessions, Retention
from decision_core.trees.walks import TroubleshootingSession


class MemoryBatchJobs(BatchJobRepository):
    """Pruning and keyset paging over the dicts of one transaction's tables."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def prune_login_sessions(self, retention: Retention, limit: int) -> PrunedSessions:
        """Delete up to ``limit`` finished sessions and every token of them."""
        sessions = self._tables.login_sessions
        doomed = set(
            islice((sid for sid, s in sessions.items() if retention.may_delete_session(s)), limit)
        )
        tokens = self._tables.refresh_tokens
        doomed_tokens = [jti for jti, token in tokens.items() if token.sid in doomed]
        for jti in doomed_tokens:
            del tokens[jti]
        for sid in doomed:
            del sessions[sid]
        return PrunedSessions(sessions=len(doomed), tokens=len(doomed_tokens))

    def prune_refresh_tokens(self, retention: Retention, limit: int) -> int:
        """Delete up to ``limit`` tokens that expired at or before the cutoff."""
        sessions, tokens = self._tables.login_sessions, self._tables.refresh_tokens
        doomed = list(
            islice(
                (
                    jti
                    for jti, token in tokens.items()
                    if retention.may_delete_token(token, sessions[token.sid])
                ),
                limit,
            )
        )
        for jti in doomed:
            del tokens[jti]
        return len(doomed)

    def count_troubleshooting_sessions(self, account_id: UUID, since: datetime | None) -> int:
        """How many walks of the account started at or after ``since``."""
        return sum(1 for _ in self._walks(account_id, since))

    def troubleshooting_sessions_after(
        self,
        account_id: UUID,
        *,
        since: datetime | None,
        after: tuple[datetime, UUID] | None,
        limit: int,
    ) -> list[TroubleshootingSession]:
        """The next ``limit`` walks after the key ``after``, oldest first."""
        ordered = sorted(self._walks(account_id, since), key=_walk_key)
        later = [walk for walk in ordered if after is None or _walk_key(walk) > after]
        return later[:limit]

    def _walks(self, account_id: UUID, since: datetime | None) -> list[TroubleshootingSession]:
        return [
            walk
            for walk in self._tables.troubleshooting_sessions.values()
            if walk.account_id == account_id and (since is None or walk.started_at >= since)
        ]


def _walk_key(walk: TroubleshootingSession) -> tuple[datetime, UUID]:
    # UUIDs order by their 128-bit value: the order of PostgreSQL's uuid and of SQLite's hex text.
    return (walk.started_at, walk.id)
