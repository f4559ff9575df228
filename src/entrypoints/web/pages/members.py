"""``/account/members``: who is in the account, inviting, open invites, roles and deactivation."""

from __future__ import annotations

from typing import Final
from uuid import UUID

from litestar import Router, get, post
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY

from decision_core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    LastOwner,
    NotFound,
    RuleViolation,
)
from decision_core.roles import Role, at_least
from decision_core.usecases import invites, members, registration
from decision_core.usecases.context import Services
from decision_core.usecases.enrolment import may_invite
from decision_core.usecases.members import MemberChange
from entrypoints.http.caller import AnyRequest
from entrypoints.http.errors import status_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import Visitor
from entrypoints.web.forms import FormData, fields
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import page

PAGE: Final = "account/members.html"
LAST_OWNER: Final = (
    "An account must keep at least one active owner: make someone else an owner first."
)


def members_pages(threads: HandlerThreads) -> Router:
    """Owner and admin see the members and invite; only an owner changes roles."""

    @get(sync_to_thread=threads.database_work)
    def members_page(visitor: SignedIn, services: InjectedServices) -> Template:
        """Every member, oldest first, and the invite form."""
        return _members_page(services, visitor)

    @post("/invite", sync_to_thread=threads.database_work)
    def invite(
        data: FormData, request: AnyRequest, visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Issue an invite and show its join link, once, to copy."""
        form = fields(data, "role", "email")
        try:
            role = Role(form["role"])
            issued = registration.create_invite(
                services, visitor.principal, role, form["email"].strip() or None
            )
        except ValueError:
            return _members_page(
                services, visitor, errors=["Choose a role."], status=HTTP_422_UNPROCESSABLE_ENTITY
            )
        except (Forbidden, RuleViolation) as exc:
            return _members_page(
                services, visitor, errors=_problems(exc), status=HTTP_422_UNPROCESSABLE_ENTITY
            )
        join_url = str(request.base_url).rstrip("/") + f"/join/{issued.code}"
        return _members_page(services, visitor, invite=issued, join_url=join_url)

    @post("/{user_id:uuid}", sync_to_thread=threads.database_work)
    def update(
        user_id: FromPath[UUID], data: FormData, visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Change one member's role, or (de)activate them."""
        form = fields(data, "role", "is_active")
        change = MemberChange(
            role=Role(form["role"]) if form["role"] in _ROLE_VALUES else None,
            is_active={"true": True, "false": False}.get(form["is_active"]),
        )
        try:
            updated = members.update_member(services, visitor.principal, user_id, change)
        except LastOwner:
            return _members_page(services, visitor, errors=[LAST_OWNER], status=HTTP_409_CONFLICT)
        return _members_page(services, visitor, notice=f"{updated.name} was updated.")

    return Router(
        path="/account/members",
        include_in_schema=False,
        route_handlers=[members_page, invite, update],
    )


def member_invite_pages(threads: HandlerThreads) -> Router:
    """The Members page's buttons on one open invite: Resend and Revoke."""

    @post("/{invite_id:uuid}/resend", sync_to_thread=threads.database_work)
    def resend_invite(
        invite_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Mail an open invite again, with a new link (the old one stops working)."""
        try:
            renewed = invites.resend_invite(services, visitor.principal, invite_id)
        except (Conflict, Forbidden, NotFound, RuleViolation) as exc:
            return _refused(services, visitor, exc)
        notice = f"We emailed a new link to {renewed.email}. The previous link no longer works."
        return _members_page(services, visitor, notice=notice)

    @post("/{invite_id:uuid}/revoke", sync_to_thread=threads.database_work)
    def revoke_invite(
        invite_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Revoke an invite, after the page's confirmation dialog."""
        try:
            invites.revoke_invite(services, visitor.principal, invite_id)
        except (Conflict, Forbidden, NotFound) as exc:
            return _refused(services, visitor, exc)
        return _members_page(
            services, visitor, notice="The invite was revoked; its link no longer works."
        )

    return Router(
        path="/account/members/invites",
        include_in_schema=False,
        route_handlers=[resend_invite, revoke_invite],
    )


_ROLE_VALUES: Final = {role.value for role in Role}
# Open invites the page lists, newest first; the API and the CLI page through any more.
OPEN_INVITES_SHOWN: Final = 100
# What an invite refusal says on the page, by the error's code.
_INVITE_REFUSALS: Final = {
    "invite_used": "Someone has joined with that invite already.",
    "invite_revoked": "That invite was revoked.",
    "invite_without_email": "That invite has no email to send it to: create a new invite.",
    "not_found": "That invite is not in this account.",
}


def _refused(services: Services, visitor: Visitor, error: DomainError) -> Template:
    """The page again, saying why the invite was not resent or revoked; the API's status."""
    message = _INVITE_REFUSALS.get(error.code, error.message)
    return _members_page(services, visitor, errors=[message], status=status_of(error))


def _members_page(  # noqa: PLR0913 - each is one thing the page may show
    services: Services,
    visitor: Visitor,
    *,
    errors: list[str] | None = None,
    notice: str | None = None,
    invite: registration.IssuedInvite | None = None,
    join_url: str | None = None,
    status: int = 200,
) -> Template:
    people = members.list_members(services, visitor.principal)
    open_invites = invites.list_invites(services, visitor.principal, limit=OPEN_INVITES_SHOWN)
    caller_role = next(
        (person.role for person in people if person.id == visitor.principal.user_id), Role.VIEWER
    )
    invitable = [role for role in Role if may_invite(caller_role, role)]
    return page(
        services,
        visitor,
        PAGE,
        status_code=status,
        people=people,
        roles=list(Role),
        invitable_roles=invitable,
        may_change=at_least(caller_role, Role.OWNER),
        errors=errors or [],
        notice=notice,
        invite=invite,
        join_url=join_url,
        open_invites=open_invites.items,
        open_invite_count=open_invites.total,
    )


def _problems(error: DomainError) -> list[str]:
    if isinstance(error, RuleViolation):
        return list(error.problems)
    return [error.message]
