"""Becoming a member, step by step inside the caller's transaction.

:mod:`~decision_core.usecases.registration` and
:mod:`~decision_core.usecases.members` compose these steps into use cases,
each in one transaction that they open and commit; the steps never commit.
"""

from __future__ import annotations

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
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.settings import CoreSettings
from decision_core.usecases.context import Actor, Services, with_operator

NAME_MAX_LENGTH = 200


@attrs.frozen
class Applicant:
    """A registration whose email, password and name passed the rules; the password hashed."""

    email: str
    name: str
    password_hash: str = attrs.field(repr=False)
    account_name: str | None = None


def check_applicant(
    services: Services, email: str, password: str, name: str, account_name: str | None = None
) -> Applicant:
    """The checked applicant, or ``InvalidEmail``, ``InvalidPassword`` or ``RuleViolation``.

    Hashing is slow, so it happens here, before any transaction begins.
    """
    checked_email = check_email(email)
    check_password(password)
    checked_name = _checked_name(name, "name")
    return Applicant(checked_email, checked_name, services.hasher.hash(password), account_name)


def require_unregistered(uow: UnitOfWork, email: str) -> None:
    """Raise ``EmailAlreadyRegistered`` if a user has ``email`` (compared case-insensitively)."""
    if uow.users.get_by_email(email) is not None:
        raise EmailAlreadyRegistered


def enrol(
    uow: UnitOfWork,
    applicant: Applicant,
    invite: Invite | None,
    now: datetime,
    operator: str | None = None,
) -> User:
    """Store ``applicant`` as a user in ``uow``'s transaction, which the caller commits.

    Without ``invite`` the user owns a new account; with it, the user joins
    its account with its role and uses it up (``InvalidInvite`` if someone
    was first). Writes ``auth.registered``: by the new user, or with no
    ``user_id`` and ``operator`` named in ``details``.
    """
    if invite is None:
        account_name = applicant.account_name or f"{applicant.name}'s account"
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
        email=applicant.email,
        name=applicant.name,
        role=role,
        password_hash=applicant.password_hash,
        is_active=True,
        created_at=now,
    )
    uow.users.add(user)
    if invite is not None and not uow.invites.mark_used(invite, user.id, now):
        raise InvalidInvite
    uow.audit.append(
        audit.audit_event(
            at=now,
            account_id=account_id,
            user_id=user.id if operator is None else None,
            action=audit.USER_REGISTERED,
            resource_type="user",
            resource_id=user.id,
            details=with_operator({"role": role.value, "by_invite": invite is not None}, operator),
        )
    )
    return user


def may_invite(inviter: Role, role: Role) -> bool:
    """Whether a member with role ``inviter`` may invite someone as ``role``.

    Only an owner invites an owner or admin; an admin invites engineers and viewers.
    """
    return inviter is Role.OWNER or role not in {Role.OWNER, Role.ADMIN}


def issue_invite(  # noqa: PLR0913 - the transaction, who invites whom, by which code, when
    uow: UnitOfWork,
    actor: Actor,
    role: Role,
    *,
    email: str | None,
    code: str,
    settings: CoreSettings,
    now: datetime,
) -> Invite:
    """Store an invite for ``code`` in ``uow``'s transaction, which the caller commits.

    Rules: ``actor`` is an owner or admin (the caller checked that), and only
    an owner may invite an owner or admin (else ``Forbidden``); an addressed
    invite needs a valid email. It expires after the configured days.
    Writes ``member.invited``.
    """
    if not may_invite(actor.role, role):
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
        expires_at=now + timedelta(days=settings.auth.invite_days),
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
    return invite


def _checked_name(value: str, field: str) -> str:
    stripped = value.strip()
    if not 1 <= len(stripped) <= NAME_MAX_LENGTH:
        msg = f"{field} must be between 1 and {NAME_MAX_LENGTH} characters"
        raise RuleViolation([msg])
    return stripped
