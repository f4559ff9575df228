"""In-memory audit log and login-failure records."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from adapters.memory.store import LoginFailure, Tables
from decision_core.audit import AuditCursor, AuditEvent
from decision_core.ports.audit import AuditLog
from decision_core.ports.login import LoginFailureRepository


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
    """Failures in a list, numbered by the store's counter."""

    def __init__(self, tables: Tables) -> None:
        """Work on ``tables``."""
        self._tables = tables

    def hold(self, email_key: str, address: str) -> None:
        """Nothing to do: the unit of work already holds the whole store."""
        del email_key, address

    def recent(self, email_key: str, address: str, since: datetime) -> list[datetime]:
        """Failures after ``since``."""
        return [
            failure.at
            for failure in self._tables.login_failures
            if (failure.subject, failure.address) == (email_key, address) and failure.at > since
        ]

    def record(self, email_key: str, address: str, at: datetime) -> int:
        """Remember one failure under the next number."""
        number = next(self._tables.login_failure_numbers)
        self._tables.login_failures.append(LoginFailure(email_key, address, at, number))
        return number

    def clear(self, email_key: str, address: str, *, through: int) -> None:
        """Forget this pair's failures numbered up to ``through``."""
        self._tables.login_failures = [
            failure
            for failure in self._tables.login_failures
            if (failure.subject, failure.address) != (email_key, address)
            or failure.number > through
        ]
