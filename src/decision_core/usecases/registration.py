"""Joining the service: registering (a new account, or by invite) and inviting."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from decision_core.errors import AccountsExist, InvalidInvite
from decision_core.identity import Invite, User, invite_code_hash
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.usecases.context import Caller, Services, act_holding_account
from decision_core.usecases.enrolment import (
    check_applicant,
    enrol,
    issue_invite,
    require_unregistered,
)
from decision_core.usecases.invites import new_invite_code, owe_invite_mail


@attrs.frozen
class Registration:
    """What a new user submits."""

    email: str
    password: str = attrs.field(repr=False)
    name: str
    account_name: str | None = None
    invite_code: str | None = attrs.field(default=None, repr=False)


def register(
    services: Services,
    registration: Registration,
    operator: str | None = None,
    *,
    first_account: bool = False,
) -> User:
    """Create a user; registering does not sign in.

    Rules: the email is a valid address, unique case-insensitively (else
    ``EmailAlreadyRegistered``); the password is 8 to 1024 characters and
    stored only as a hash. Without an invite the user owns a new account
    named ``account_name`` or after the user. With one, the invite must be
    unused, unexpired and (if addressed) for this email, else ``InvalidInvite``;
    it is used up atomically and gives its role. Writes ``auth.registered``:
    by the new user, or by ``operator`` (the CLI registering someone), then
    with no ``user_id`` and the operator named in ``details``.
    """
    applicant = check_applicant(
        services,
        registration.email,
        registration.password,
        registration.name,
        registration.account_name,
    )
    now = services.clock.now()
    with services.uow() as uow:
        if first_account and uow.accounts.any_exists():
            msg = "the database has accounts already"
            raise AccountsExist(msg)
        require_unregistered(uow, applicant.email)
        code = registration.invite_code
        invite = None if code is None else _usable_invite(uow, code, applicant.email, now)
        user = enrol(uow, applicant, invite, now, operator)
        uow.commit()
    return user


@attrs.frozen
class InviteView:
    """What an invite offers, shown before it is redeemed (never its code)."""

    account_name: str
    role: Role
    email: str | None
    expires_at: datetime


def describe_invite(services: Services, code: str) -> InviteView:
    """The account and role an invite code joins, for the page that redeems it.

    Rules: an unknown, used or expired code raises ``InvalidInvite``, as
    registering with it would. Nothing is written.
    """
    now = services.clock.now()
    with services.uow() as uow:
        invite = uow.invites.get_by_code_hash(invite_code_hash(code))
        account = None if invite is None else uow.accounts.get(invite.account_id)
    if invite is None or account is None or not invite.is_open(now):
        msg = "the invite code is unknown, used or expired"
        raise InvalidInvite(msg)
    return InviteView(
        account_name=account.name,
        role=invite.role,
        email=invite.email,
        expires_at=invite.expires_at,
    )


def _usable_invite(uow: UnitOfWork, code: str, email: str, now: datetime) -> Invite:
    invite = uow.invites.get_by_code_hash(invite_code_hash(code))
    if invite is None or not invite.usable_by(email, now):
        msg = "the invite code is unknown, used, expired or for another email"
        raise InvalidInvite(msg)
    return invite


@attrs.frozen
class IssuedInvite:
    """The code is shown once, to the inviter; only its hash is kept.

    ``emailed``: the join link was mailed to ``email`` too (an addressed invite).
    """

    id: UUID
    code: str = attrs.field(repr=False)
    role: Role
    expires_at: datetime
    email: str | None = None
    emailed: bool = False


def create_invite(
    services: Services, caller: Caller, role: Role, email: str | None = None
) -> IssuedInvite:
    """Invite someone into the caller's account.

    Rules: owner or admin only; only an owner may invite an owner or admin.
    The invite is single-use and expires after the configured days. An
    invite with an email is mailed there (its ``invite`` mail is written with
    it, in the same transaction).
    """
    now = services.clock.now()
    code = new_invite_code()
    with services.uow() as uow:
        actor, account = act_holding_account(uow, caller, Role.ADMIN)
        invite = issue_invite(
            uow, actor, role, email=email, code=code, settings=services.settings, now=now
        )
        emailed = owe_invite_mail(uow, actor, account, invite, code=code, now=now)
        uow.commit()
    if emailed:
        services.mail_added()
    return IssuedInvite(
        id=invite.id,
        code=code,
        role=role,
        expires_at=invite.expires_at,
        email=invite.email,
        emailed=emailed,
    )
