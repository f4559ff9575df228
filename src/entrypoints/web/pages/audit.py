"""``/account/audit``: the account's audit trail, newest first. Owner or admin."""

from __future__ import annotations

from typing import Annotated, Final

from litestar import Router, get
from litestar.params import QueryParameter
from litestar.response import Template

from decision_core import audit
from decision_core.usecases import audit_trail, members
from entrypoints.http.audit_cursor import decode_cursor, encode_cursor
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import page

PAGE_SIZE: Final = 50
# The actions the filter offers, in the order a reader thinks of them.
ACTIONS: Final = (
    audit.LOGIN,
    audit.LOGIN_FAILED,
    audit.LOGOUT,
    audit.REFRESH_TOKEN_REUSED,
    audit.PASSWORD_CHANGED,
    audit.SESSION_REVOKED,
    audit.OTHER_SESSIONS_REVOKED,
    audit.USER_REGISTERED,
    audit.SESSION_POLICY_UPDATE,
    audit.SESSIONS_REVOKED_BULK,
    audit.MEMBER_INVITED,
    audit.MEMBER_UPDATED,
    audit.MEMBER_INVITE_RESENT,
    audit.MEMBER_INVITE_REVOKED,
    audit.TREE_CREATED,
    audit.TREE_UPDATED,
    audit.TREE_DELETED,
)
AuditFilterText = Annotated[str | None, QueryParameter(required=False, max_length=200)]


def audit_pages(threads: HandlerThreads) -> Router:
    """One page of events, a filter by action, and a link to older ones."""

    @get(sync_to_thread=threads.database_work)
    def audit_page(
        visitor: SignedIn,
        services: InjectedServices,
        action: AuditFilterText = None,
        before: AuditFilterText = None,
    ) -> Template:
        """Newest first; an unknown cursor starts again from the newest."""
        chosen = action if action in ACTIONS else None
        try:
            cursor = None if not before else decode_cursor(before)
        except ValueError:
            cursor = None
        events = audit_trail.read_audit(
            services, visitor.principal, action=chosen, before=cursor, limit=PAGE_SIZE
        )
        names = {
            person.id: person.name for person in members.list_members(services, visitor.principal)
        }
        older = None if events.next_before is None else encode_cursor(events.next_before)
        return page(
            services,
            visitor,
            "account/audit.html",
            events=events.items,
            names=names,
            actions=ACTIONS,
            action=chosen,
            older=older,
            paged=cursor is not None,
        )

    return Router(
        path="/account/audit",
        include_in_schema=False,
        route_handlers=[audit_page],
    )
