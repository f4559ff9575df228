"""In-memory audit log and login-failure records."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from adapters.memory.store import Tables
from decision_core.audit import AuditCursor, AuditEvent
from decision_core.ports import AuditLog, LoginFailureRepository


class MemoryAuditLog(AuditLog):
    """Events in a list."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def append(self, event: AuditEvent) -> None:
        """Record an event."""
        self._tables.audit.append(event)

    def page(
        self, account_id: UUID, *, action: str | None, before: AuditCursor | None, limit: int
    ) -> list[AuditEvent]:
        """Newest first, strictly before ``before``."""
        matching = [
            e
            for e in self._tables.audit
            if e.account_id == account_id
            and action in (None, e.action)
            and (before is None or before.is_after(e))
        ]
        matching.sort(key=lambda e: (e.at, str(e.id)), reverse=True)
        return matching[:limit]


class MemoryLoginFailures(LoginFailureRepository):
    """Failures in a list of (email key, address, at)."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def recent(self, email_key: str, address: str, since: datetime) -> list[datetime]:
        """Failures after ``since``."""
        return [
            at
            for key, addr, at in self._tables.login_failures
            if key == email_key and addr == address and at > since
        ]

    def record(self, email_key: str, address: str, at: datetime) -> None:
        """Remember one failure."""
        self._tables.login_failures.append((email_key, address, at))

    def clear(self, email_key: str, address: str) -> None:
        """Forget this pair's failures."""
        self._tables.login_failures = [
            row for row in self._tables.login_failures if row[:2] != (email_key, address)
        ]
