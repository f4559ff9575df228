"""Reading an account's audit trail, newest first, in keyset pages."""

from __future__ import annotations

from decision_core.audit import AuditCursor, AuditPage
from decision_core.errors import RuleViolation
from decision_core.roles import Role
from decision_core.usecases.context import Principal, Services, load_actor

AUDIT_PAGE_MAX = 200


def read_audit(
    services: Services,
    principal: Principal,
    *,
    action: str | None = None,
    before: AuditCursor | None = None,
    limit: int = 50,
) -> AuditPage:
    """A page of the caller's account's events. Owner or admin.

    Rules: ``limit`` is 1 to 200. ``next_before`` is set when more events
    may follow, and is the position to pass as ``before`` for the next page.
    """
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.ADMIN)
        if not 1 <= limit <= AUDIT_PAGE_MAX:
            msg = f"limit must be between 1 and {AUDIT_PAGE_MAX}, got {limit}"
            raise RuleViolation([msg])
        # One extra row tells whether another page exists without a count query.
        rows = uow.audit.page(actor.account_id, action=action, before=before, limit=limit + 1)
    items = tuple(rows[:limit])
    more = len(rows) > limit
    next_before = AuditCursor(at=items[-1].at, id=items[-1].id) if more else None
    return AuditPage(items=items, next_before=next_before)
