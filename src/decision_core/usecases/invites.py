"""Managing an account's invites: listing, sending by mail, resending and revoking.

Who may manage an invite is who may create it
(:func:`~decision_core.usecases.enrolment.may_invite`): an owner manages
every invite, an admin only those for engineers and viewers.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from uuid import UUID

import attrs

from decision_core import audit
from decision_core.errors import (
    Forbidden,
    InviteRevoked,
    InviteUsed,
    InviteWithoutEmail,
    NotFound,
)
from decision_core.identity import Account, Invite, InviteState, invite_code_hash
from decision_core.invites import InviteFilter, InvitePage, InviteQuery, invite_mail_values
from decision_core.mail import INVITE, new_mail
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.usecases.context import Actor, Caller, Services, act_as, act_holding_account
from decision_core.usecases.enrolment import may_invite


def new_invite_code() -> str:
    """A fresh invite code: 192 random bits, URL-safe (it travels in a join link)."""
    return secrets.token_urlsafe(24)


def list_invites(
    services: Services,
    caller: Caller,
    state: InviteFilter = InviteFilter.OPEN,
    *,
    limit: int = 50,
    offset: int = 0,
) -> InvitePage:
    """A page of the account's invites in ``state``, newest first. Owner or admin.

    An admin sees only the invites an admin may create (engineers, viewers).
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ADMIN)
        roles = frozenset(role for role in Role if may_invite(actor.role, role))
        query = InviteQuery(roles=roles, state=state, limit=limit, offset=offset)
        return uow.invites.page(actor.account_id, query, now)


def resend_invite(services: Services, caller: Caller, invite_id: UUID) -> Invite:
    """Mail an addressed invite again, with a new code and a new expiry. Owner or admin.

    Only the code's hash is stored, so the mail cannot repeat the old code:
    the old link stops working. An expired invite may be resent too (that
    renews it). Rules: another account's invite is ``NotFound``; one the
    caller may not create is ``Forbidden``; a used invite is ``InviteUsed``,
    a revoked one ``InviteRevoked``; one without an email is
    ``InviteWithoutEmail``. Writes ``member.invite_resent``.
    """
    now = services.clock.now()
    code = new_invite_code()
    with services.uow() as uow:
        actor, account = act_holding_account(uow, caller, Role.ADMIN)
        invite = _managed_invite(uow, actor, invite_id)
        state = invite.state(now)
        if state is InviteState.USED:
            raise InviteUsed
        if state is InviteState.REVOKED:
            raise InviteRevoked
        if invite.email is None:
            raise InviteWithoutEmail
        renewed = attrs.evolve(
            invite,
            code_hash=invite_code_hash(code),
            expires_at=now + timedelta(days=services.settings.auth.invite_days),
        )
        uow.invites.save(renewed)
        owe_invite_mail(uow, actor, account, renewed, code=code, now=now)
        _audit(uow, actor, renewed, audit.MEMBER_INVITE_RESENT, now)
        uow.commit()
    services.mail_added()
    return renewed


def revoke_invite(services: Services, caller: Caller, invite_id: UUID) -> None:
    """Revoke an invite, so its link no longer joins anyone. Owner or admin.

    Idempotent: revoking a revoked invite changes and writes nothing. An
    expired invite may be revoked (it then lists as revoked). Rules: as
    :func:`resend_invite` for another account's invite and for one the caller
    may not create; a used invite is ``InviteUsed`` (remove the member
    instead). Writes ``member.invite_revoked``.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ADMIN)
        invite = _managed_invite(uow, actor, invite_id)
        state = invite.state(now)
        if state is InviteState.USED:
            raise InviteUsed
        if state is InviteState.REVOKED:
            return
        revoked = attrs.evolve(invite, revoked_at=now)
        uow.invites.save(revoked)
        _audit(uow, actor, revoked, audit.MEMBER_INVITE_REVOKED, now)
        uow.commit()


def owe_invite_mail(  # noqa: PLR0913 - the transaction, who mails which invite of which account, when
    uow: UnitOfWork,
    actor: Actor,
    account: Account,
    invite: Invite,
    *,
    code: str,
    now: datetime,
) -> bool:
    """Add the ``invite`` mail with ``code``'s join link to the outbox; whether one was owed.

    An invite without an email is not mailed: its link is shown to copy.
    The caller commits (the mail goes out only if the invite is stored).
    """
    if invite.email is None:
        return False
    # An operator's invite names no one; a user's names them (act_as read them just now).
    inviter = None if actor.user_id is None else uow.users.get(actor.user_id)
    values = invite_mail_values(
        invite,
        code,
        account_name=account.name,
        inviter_name=None if inviter is None else inviter.name,
    )
    uow.outbox.add(new_mail(invite.email, INVITE, values, now))
    return True


def _managed_invite(uow: UnitOfWork, actor: Actor, invite_id: UUID) -> Invite:
    """The actor's account's invite, held until the transaction ends, if the actor may manage it."""
    invite = uow.invites.get(invite_id, for_update=True)
    if invite is None or invite.account_id != actor.account_id:
        msg = f"no invite {invite_id} in this account"
        raise NotFound(msg)
    if not may_invite(actor.role, invite.role):
        msg = "only an owner can manage an owner's or admin's invite"
        raise Forbidden(msg)
    return invite


def _audit(uow: UnitOfWork, actor: Actor, invite: Invite, action: str, now: datetime) -> None:
    uow.audit.append(
        audit.audit_event(
            at=now,
            account_id=actor.account_id,
            user_id=actor.user_id,
            action=action,
            resource_type="invite",
            resource_id=invite.id,
            details=actor.audit_details({"role": invite.role.value, "email": invite.email}),
        )
    )
