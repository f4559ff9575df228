"""Bodies of the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from decision_core.audit import AuditEvent, AuditPage
from entrypoints.http.audit_cursor import encode_cursor
from entrypoints.http.schemas.base import ResponseBody


class AuditEventBody(ResponseBody):
    """One event; ``details`` is the event's own JSON object."""

    id: UUID
    at: datetime
    account_id: UUID
    user_id: UUID | None
    action: str
    resource_type: str
    resource_id: str | None
    details: dict[str, Any]


class AuditPageBody(ResponseBody):
    """Events newest first; pass ``next_before`` as ``before`` for the next page."""

    items: list[AuditEventBody]
    next_before: str | None


def audit_event_body(event: AuditEvent) -> AuditEventBody:
    """Present one event."""
    return AuditEventBody(
        id=event.id,
        at=event.at,
        account_id=event.account_id,
        user_id=event.user_id,
        action=event.action,
        resource_type=event.resource_type,
        resource_id=event.resource_id,
        details=dict(event.details),
    )


def audit_page_body(page: AuditPage) -> AuditPageBody:
    """Present a page of events and the opaque cursor of the next one."""
    cursor = page.next_before
    return AuditPageBody(
        items=[audit_event_body(event) for event in page.items],
        next_before=None if cursor is None else encode_cursor(cursor),
    )
