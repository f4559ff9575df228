"""The caller's account: invites, members and the audit trail."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Router, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from decision_core.invites import InviteFilter
from decision_core.usecases import audit_trail, invites, members, registration
from entrypoints.http.audit_cursor import AuditBefore, cursor_from_query
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN
from entrypoints.http.paging import DEFAULT_LIMIT, PageLimit, PageOffset
from entrypoints.http.schemas.audit import AuditPageBody, audit_page_body
from entrypoints.http.schemas.members import (
    InviteBody,
    InvitePageBody,
    InviteRequest,
    InviteSummaryBody,
    MemberBody,
    MemberPatchRequest,
    invite_body,
    invite_page_body,
    invite_summary_body,
    member_body,
)

# ``state`` names Litestar's application state when it is a handler's argument.
InviteStateQuery = Annotated[
    InviteFilter,
    QueryParameter(
        name="state", description="Which invites: open (default), used, expired, revoked or all."
    ),
]


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
        """Invite someone; owner or admin, and only an owner invites an owner or admin.

        With an email, only that address can join with the code, and the join
        link is mailed there (``emailed``); without one, hand the code over yourself.
        """
        issued = registration.create_invite(services, principal, data.role, data.email)
        return invite_body(issued)

    @get(
        "/invites",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 403),
        summary="List the account's invites",
    )
    def list_invites(
        *,
        principal: InjectedPrincipal,
        services: InjectedServices,
        invite_state: InviteStateQuery = InviteFilter.OPEN,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
    ) -> InvitePageBody:
        """A page of invites in ``state`` (open by default), newest first; owner or admin.

        An admin sees only invites for engineers and viewers. Codes are never
        shown: only their hashes are kept.
        """
        page = invites.list_invites(services, principal, invite_state, limit=limit, offset=offset)
        return invite_page_body(page, services.clock.now())

    @post(
        "/invites/{invite_id:uuid}/resend",
        sync_to_thread=threads.database_work,
        status_code=HTTP_200_OK,
        responses=errors(401, 403, 404, 409, 422),
        summary="Mail an invite again, with a new link",
    )
    def resend_invite(
        invite_id: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> InviteSummaryBody:
        """Mail an addressed invite again with a new code and expiry; the old link stops working.

        An expired invite may be resent (it is open again). 409 ``invite_used``
        or ``invite_revoked``; 422 ``invite_without_email``.
        """
        renewed = invites.resend_invite(services, principal, invite_id)
        return invite_summary_body(renewed, services.clock.now())

    @delete(
        "/invites/{invite_id:uuid}",
        sync_to_thread=threads.database_work,
        responses=errors(401, 403, 404, 409),
        summary="Revoke an invite",
    )
    def revoke_invite(
        invite_id: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> None:
        """Revoke an invite: its link joins no one; revoking again changes nothing.

        409 ``invite_used`` for an invite someone joined with.
        """
        invites.revoke_invite(services, principal, invite_id)

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
        route_handlers=[
            invite,
            list_invites,
            resend_invite,
            revoke_invite,
            list_members,
            update_member,
            audit,
        ],
    )
