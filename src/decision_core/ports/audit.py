"""The audit port: an append-only log of what happened in each account."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from decision_core.audit import AuditCursor, AuditEvent


class AuditLog(Protocol):
    """Append-only audit events."""

    def append(self, event: AuditEvent) -> None:
        """Record an event in the current transaction."""
        ...

    def page(
        self, account_id: UUID, *, action: str | None, before: AuditCursor | None, limit: int
    ) -> list[AuditEvent]:
        """Up to ``limit`` events of the account, newest first, strictly before ``before``."""
        ...
