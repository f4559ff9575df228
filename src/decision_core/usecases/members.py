"""Managing the members of an account: listing, adding and changing them."""

from __future__ import annotations

import secrets
from uuid import UUID

import attrs

from decision_core import audit
from decision_core.errors import LastOwner, NotFound
from decision_core.identity import User
from decision_core.json_value import JsonValue
from decision_core.login.sessions import RevokeReason
from decision_core.roles import Role
from decision_core.usecases.context import Caller, Services, act_as, act_holding_account
from decision_core.usecases.enrolment import (
    check_applicant,
    enrol,
    issue_invite,
    require_unregistered,
)
from decision_core.usecases.step_up import require_recent_proof
from decision_core.usecases.user_sign_ins import end_sign_ins


def list_members(services: Services, caller: Caller) -> list[User]:
    """Every member of the caller's account, oldest first. Owner or admin."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ADMIN)
        return uow.users.list_by_account(actor.account_id)


@attrs.frozen
class NewMember:
    """Someone an owner or admin adds to their account directly, with a password."""

    email: str
    password: str = attrs.field(repr=False)
    name: str
    role: Role


def add_member(services: Services, caller: Caller, new: NewMember) -> User:
    """Add a member to the caller's account: an invite, used at once by their registration.

    Rules: those of inviting (owner or admin; only an owner adds an owner or
    admin) and of registering (a valid, unregistered email, else
    ``EmailAlreadyRegistered``; a password of 8 to 1024 characters). Both
    steps are one transaction, so a refusal writes nothing at all: no invite,
    no event. Writes ``member.invited``, then ``auth.registered``.
    """
    applicant = check_applicant(services, new.email, new.password, new.name)
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ADMIN)
        require_unregistered(uow, applicant.email)
        invite = issue_invite(
            uow,
            actor,
            new.role,
            email=applicant.email,
            code=secrets.token_urlsafe(24),  # never shown: the invite is used at once
            settings=services.settings,
            now=now,
        )
        user = enrol(uow, applicant, invite, now, actor.operator)
        uow.commit()
    return user


@attrs.frozen
class MemberChange:
    """A partial update of a member; ``None`` leaves that field as it is."""

    role: Role | None = None
    is_active: bool | None = None


def update_member(services: Services, caller: Caller, user_id: UUID, change: MemberChange) -> User:
    """Change a member's role or active flag. Owner only.

    Rules: a user of another account is ``NotFound``. A change to the values
    the member already has writes nothing, not even an event. Demoting or
    deactivating the last active owner raises ``LastOwner``. Deactivating a
    user revokes all their live login sessions and closes their open sign-in
    challenges (none is left to complete if they are active again). Writes
    one ``member.updated`` event listing what changed. Changes at once take
    turns, each starting from the one before (none is lost). A role change
    is a step-up change (see :mod:`.step_up`); (de)activating is not, so
    that an owner can lock someone out at once.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor, _ = act_holding_account(uow, caller, Role.OWNER)
        target = uow.users.get(user_id, for_update=True)
        if target is None or target.account_id != actor.account_id:
            raise NotFound
        updated = attrs.evolve(
            target,
            role=target.role if change.role is None else change.role,
            is_active=target.is_active if change.is_active is None else change.is_active,
        )
        if updated == target:
            return target  # nothing changes: nothing to write or audit
        if updated.role is not target.role:
            require_recent_proof(uow, caller, now, services.settings.auth.step_up_minutes)
        if (
            _removes_an_owner(target, updated)
            and uow.users.count_active_owners(actor.account_id) <= 1
        ):
            msg = "an account must keep at least one active owner"
            raise LastOwner(msg)
        uow.users.save(updated)
        revoked = 0
        if target.is_active and not updated.is_active:
            revoked = end_sign_ins(uow, updated, now, RevokeReason.USER_DEACTIVATED)
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=actor.account_id,
                user_id=actor.user_id,
                action=audit.MEMBER_UPDATED,
                resource_type="user",
                resource_id=target.id,
                details=actor.audit_details(
                    {"changes": _changes(target, updated), "revoked_sessions": revoked}
                ),
            )
        )
        uow.commit()
    return updated


def _removes_an_owner(before: User, after: User) -> bool:
    was_owner = before.is_active and before.role is Role.OWNER
    return was_owner and not (after.is_active and after.role is Role.OWNER)


def _changes(before: User, after: User) -> dict[str, JsonValue]:
    changes: dict[str, JsonValue] = {}
    if before.role is not after.role:
        changes["role"] = {"old": before.role.value, "new": after.role.value}
    if before.is_active != after.is_active:
        changes["is_active"] = {"old": before.is_active, "new": after.is_active}
    return changes
