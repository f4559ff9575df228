"""The caller's account: invites, members and the audit trail."""

from __future__ import annotations

from uuid import UUID

from litestar import Router, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from decision_core.usecases import audit_trail, members, registration
from entrypoints.http.audit_cursor import AuditBefore, cursor_from_query
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN
from entrypoints.http.paging import DEFAULT_LIMIT, PageLimit
from entrypoints.http.schemas.audit import AuditPageBody, audit_page_body
from entrypoints.http.schemas.members import (
    InviteBody,
    InviteRequest,
    MemberBody,
    MemberPatchRequest,
    invite_body,
    member_body,
)


def account_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/accounts/me``: managing the caller's account."""

    @post(
        "/invites",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403, 422),
        summary="Invite someone to the account",
    )
    def invite(
        data: JSONBody[InviteRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> InviteBody:
        """Invite someone; owner or admin, and only an owner invites an owner or admin."""
        issued = registration.create_invite(services, principal, data.role, data.email)
        return invite_body(issued)

    @get(
        "/members",
        sync_to_thread=threads.database_work,
        responses=errors(401, 403),
        summary="List the account's members",
    )
    def list_members(principal: InjectedPrincipal, services: InjectedServices) -> list[MemberBody]:
        """Every member of the account, oldest first; owner or admin."""
        return [member_body(user) for user in members.list_members(services, principal)]

    @patch(
        "/members/{user_id:uuid}",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403, 404, 409, step_up=True),
        summary="Change a member's role or active flag",
    )
    def update_member(
        user_id: FromPath[UUID],
        data: JSONBody[MemberPatchRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> MemberBody:
        """Change a member's role or active flag; owner only.

        A role change is a step-up change: 401 ``reauthentication_required``
        unless the caller signed in or confirmed who they are within
        STEP_UP_MINUTES.
        """
        updated = members.update_member(services, principal, user_id, data.to_change())
        return member_body(updated)

    @get(
        "/audit",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403, 422),
        summary="Read the audit trail",
    )
    def audit(
        principal: InjectedPrincipal,
        services: InjectedServices,
        action: FromQuery[str | None] = None,
        before: AuditBefore = None,
        limit: PageLimit = DEFAULT_LIMIT,
    ) -> AuditPageBody:
        """The account's audit events, newest first, in keyset pages; owner or admin."""
        page = audit_trail.read_audit(
            services, principal, action=action, before=cursor_from_query(before), limit=limit
        )
        return audit_page_body(page)

    return Router(
        path="/api/v1/accounts/me",
        tags=["account"],
        security=NEEDS_ACCESS_TOKEN,
        route_handlers=[invite, list_members, update_member, audit],
    )
