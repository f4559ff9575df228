"""Bodies of invites and the members of an account."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from msgspec import UNSET, UnsetType

from decision_core.identity import Invite, InviteState, User
from decision_core.invites import InvitePage
from decision_core.roles import Role
from decision_core.usecases.members import MemberChange
from decision_core.usecases.registration import IssuedInvite
from entrypoints.http.schemas.base import RequestBody, ResponseBody
from entrypoints.http.schemas.documented import Email


class InviteRequest(RequestBody):
    """Invite someone with ``role``; ``email`` restricts who may use the code."""

    role: Role
    email: Email | None = None


class InviteBody(ResponseBody):
    """The invite code, shown this once; ``emailed``: the join link was mailed to ``email``."""

    id: UUID
    code: str
    role: Role
    email: str | None
    expires_at: datetime
    emailed: bool


class InviteSummaryBody(ResponseBody):
    """An invite of the account, as owners and admins see it (never its code).

    ``created_by`` is ``null`` for an operator's (the CLI's) invite.
    """

    id: UUID
    role: Role
    email: str | None
    created_at: datetime
    created_by: UUID | None
    expires_at: datetime
    state: InviteState


class InvitePageBody(ResponseBody):
    """A page of invites, newest first, and how many match in all."""

    items: list[InviteSummaryBody]
    total: int


class MemberBody(ResponseBody):
    """A member of the caller's account."""

    id: UUID
    email: str
    name: str
    role: Role
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime


class MemberPatchRequest(RequestBody):
    """Change a member's role or active flag; a field left out stays as it is."""

    role: Role | UnsetType = UNSET
    is_active: bool | UnsetType = UNSET

    def to_change(self) -> MemberChange:
        """The core's partial update."""
        return MemberChange(
            role=None if isinstance(self.role, UnsetType) else self.role,
            is_active=None if isinstance(self.is_active, UnsetType) else self.is_active,
        )


def invite_body(invite: IssuedInvite) -> InviteBody:
    """Present a new invite."""
    return InviteBody(
        id=invite.id,
        code=invite.code,
        role=invite.role,
        email=invite.email,
        expires_at=invite.expires_at,
        emailed=invite.emailed,
    )


def invite_summary_body(invite: Invite, now: datetime) -> InviteSummaryBody:
    """Present a stored invite in its state at ``now``."""
    return InviteSummaryBody(
        id=invite.id,
        role=invite.role,
        email=invite.email,
        created_at=invite.created_at,
        created_by=invite.created_by,
        expires_at=invite.expires_at,
        state=invite.state(now),
    )


def invite_page_body(page: InvitePage, now: datetime) -> InvitePageBody:
    """Present a page of invites in their states at ``now``."""
    items = [invite_summary_body(invite, now) for invite in page.items]
    return InvitePageBody(items=items, total=page.total)


def member_body(user: User) -> MemberBody:
    """Present a member."""
    return MemberBody(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        is_active=user.is_active,
        last_login_at=user.last_login_at,
        created_at=user.created_at,
    )
