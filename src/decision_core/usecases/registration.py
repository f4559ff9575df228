"""Joining the service: registering (a new account, or by invite) and inviting."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from uuid import uuid4

import attrs

from decision_core import audit
from decision_core.errors import EmailAlreadyRegistered, Forbidden, InvalidInvite, RuleViolation
from decision_core.identity import (
    Account,
    Invite,
    User,
    check_email,
    check_password,
    invite_code_hash,
)
from decision_core.ports import UnitOfWork
from decision_core.roles import Role
from decision_core.usecases.context import Caller, Services, act_as, with_operator

NAME_MAX_LENGTH = 200


@attrs.frozen
class Registration:
    """What a new user submits."""

    email: str
    password: str = attrs.field(repr=False)
    name: str
    account_name: str | None = None
    invite_code: str | None = attrs.field(default=None, repr=False)


def register(services: Services, registration: Registration, operator: str | None = None) -> User:
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
    email = check_email(registration.email)
    check_password(registration.password)
    name = _checked_name(registration.name, "name")
    password_hash = services.hasher.hash(registration.password)
    now = services.clock.now()
    with services.uow() as uow:
        if uow.users.get_by_email(email) is not None:
            raise EmailAlreadyRegistered
        code = registration.invite_code
        invite = None if code is None else _usable_invite(uow, code, email, now)
        if invite is None:
            account_name = registration.account_name or f"{name}'s account"
            account = Account(
                id=uuid4(), name=_checked_name(account_name, "account_name"), created_at=now
            )
            uow.accounts.add(account)
            account_id, role = account.id, Role.OWNER
        else:
            account_id, role = invite.account_id, invite.role
        user = User(
            id=uuid4(),
            account_id=account_id,
            email=email,
            name=name,
            role=role,
            password_hash=password_hash,
            is_active=True,
            created_at=now,
        )
        uow.users.add(user)
        if invite is not None and not uow.invites.mark_used(invite.id, user.id, now):
            raise InvalidInvite
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=account_id,
                user_id=user.id if operator is None else None,
                action=audit.USER_REGISTERED,
                resource_type="user",
                resource_id=user.id,
                details=with_operator(
                    {"role": role.value, "by_invite": invite is not None}, operator
                ),
            )
        )
        uow.commit()
    return user


def _usable_invite(uow: UnitOfWork, code: str, email: str, now: datetime) -> Invite:
    invite = uow.invites.get_by_code_hash(invite_code_hash(code))
    if invite is None or not invite.usable_by(email, now):
        msg = "the invite code is unknown, used, expired or for another email"
        raise InvalidInvite(msg)
    return invite


def _checked_name(value: str, field: str) -> str:
    stripped = value.strip()
    if not 1 <= len(stripped) <= NAME_MAX_LENGTH:
        msg = f"{field} must be between 1 and {NAME_MAX_LENGTH} characters"
        raise RuleViolation([msg])
    return stripped


@attrs.frozen
class IssuedInvite:
    """The code is shown once, to the inviter; only its hash is kept."""

    code: str = attrs.field(repr=False)
    role: Role
    expires_at: datetime


def create_invite(
    services: Services, caller: Caller, role: Role, email: str | None = None
) -> IssuedInvite:
    """Invite someone into the caller's account.

    Rules: owner or admin only; only an owner may invite an owner or admin.
    The invite is single-use and expires after the configured days.
    """
    now = services.clock.now()
    code = secrets.token_urlsafe(24)
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ADMIN)
        if role in {Role.OWNER, Role.ADMIN} and actor.role is not Role.OWNER:
            msg = "only an owner can invite an owner or admin"
            raise Forbidden(msg)
        addressed_to = None if email is None else check_email(email)
        invite = Invite(
            id=uuid4(),
            account_id=actor.account_id,
            code_hash=invite_code_hash(code),
            role=role,
            email=addressed_to,
            created_by=actor.user_id,
            created_at=now,
            expires_at=now + timedelta(days=services.settings.auth.invite_days),
        )
        uow.invites.add(invite)
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=actor.account_id,
                user_id=actor.user_id,
                action=audit.MEMBER_INVITED,
                resource_type="invite",
                resource_id=invite.id,
                details=actor.audit_details({"role": role.value, "email": addressed_to}),
            )
        )
        uow.commit()
    return IssuedInvite(code=code, role=role, expires_at=invite.expires_at)
