"""An account's login-session security: the policy, and signing everyone out."""

from __future__ import annotations

from uuid import UUID

import attrs

from decision_core import audit
from decision_core.audit import JsonValue
from decision_core.errors import InvalidAccessToken, NotFound, RuleViolation
from decision_core.identity import Account, check_email
from decision_core.login_sessions import ActiveUser
from decision_core.policy import (
    EffectivePolicy,
    PolicyOverrides,
    PolicyPatch,
    Preset,
    effective_policy,
    preset_of,
    updated_overrides,
)
from decision_core.ports import UnitOfWork
from decision_core.revocation import BulkScope, SessionSelector, bulk_reason, bulk_selector
from decision_core.roles import Role
from decision_core.settings import SessionSettings
from decision_core.usecases.context import Actor, Caller, Services, act_as


@attrs.frozen
class SecurityView:
    """The GET body of SPEC 4: overrides, effective values, bounds, active users."""

    overrides: PolicyOverrides
    effective: EffectivePolicy
    preset: Preset
    bounds: SessionSettings
    active_users: tuple[ActiveUser, ...]


def get_security(services: Services, caller: Caller) -> SecurityView:
    """The account's session policy and who is signed in. Owner only."""
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.OWNER)
        return _view(services, uow, _account(uow, actor.account_id))


def update_security(services: Services, caller: Caller, patch: PolicyPatch) -> SecurityView:
    """Merge-patch the overrides, or apply a preset. Owner only.

    Rules: a key left out stays, ``None`` clears; each value within its
    bounds and effective idle <= effective absolute, else ``PolicyRejected``
    naming the bounds. Writes one ``account.session_policy_update`` event.
    New values apply at the next sign-in, never to live sessions.
    """
    settings = services.settings.sessions
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.OWNER)
        account = _account(uow, actor.account_id)
        old = account.policy
        new = updated_overrides(old, patch, settings)
        uow.accounts.save_policy(account.id, new)
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=account.id,
                user_id=actor.user_id,
                action=audit.SESSION_POLICY_UPDATE,
                resource_type="account",
                resource_id=account.id,
                details=actor.audit_details(
                    {
                        "old": audit.overrides_details(old),
                        "new": audit.overrides_details(new),
                        "effective_old": audit.effective_details(effective_policy(old, settings)),
                        "effective_new": audit.effective_details(effective_policy(new, settings)),
                    }
                ),
            )
        )
        uow.commit()
        return _view(services, uow, attrs.evolve(account, policy=new))


def revoke_sessions(
    services: Services, caller: Caller, scope: BulkScope, keep_email: str | None = None
) -> int:
    """Sign out the account's live login sessions; return how many ended. Owner only.

    Rules: ``all`` includes the caller's own sessions, ``others`` keeps every
    one of the kept user's: the member named by ``keep_email`` if given, else
    the caller. An operator is no user, so its ``others`` needs ``keep_email``
    (else ``RuleViolation``, as is ``keep_email`` with ``all``); an email of no
    member of the account is ``NotFound``. One set-based write over live sessions of this account
    only, so an immediate repeat returns 0. Exactly one
    ``account.sessions_revoked_bulk`` event per call.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.OWNER)
        selector = _bulk_selector(uow, actor, scope, keep_email)
        revoked = uow.login_sessions.revoke_live(selector, now, bulk_reason(scope))
        details: dict[str, JsonValue] = {"scope": scope.value, "revoked_count": revoked}
        if keep_email is not None:
            details["kept_user_id"] = str(selector.except_user_id)
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=actor.account_id,
                user_id=actor.user_id,
                action=audit.SESSIONS_REVOKED_BULK,
                resource_type="account",
                resource_id=actor.account_id,
                details=actor.audit_details(details),
            )
        )
        uow.commit()
    return revoked


def _bulk_selector(
    uow: UnitOfWork, actor: Actor, scope: BulkScope, keep_email: str | None
) -> SessionSelector:
    if keep_email is not None and scope is BulkScope.ALL:
        msg = "a kept user goes with scope 'others' only; 'all' ends every session"
        raise RuleViolation([msg])
    kept = actor.user_id if keep_email is None else _member_id(uow, actor, keep_email)
    if kept is not None:
        return bulk_selector(actor.account_id, kept, scope)
    if scope is BulkScope.OTHERS:
        msg = "scope 'others' needs the member whose sessions are kept"
        raise RuleViolation([msg])
    # An operator's "all": it has no sessions of its own to keep or end.
    return SessionSelector(account_id=actor.account_id)


def _member_id(uow: UnitOfWork, actor: Actor, email: str) -> UUID:
    user = uow.users.get_by_email(check_email(email))
    if user is None or user.account_id != actor.account_id:
        msg = f"no member {email} in account {actor.account_id}"
        raise NotFound(msg)
    return user.id


def _account(uow: UnitOfWork, account_id: UUID) -> Account:
    account = uow.accounts.get(account_id)
    if account is None:
        raise InvalidAccessToken
    return account


def _view(services: Services, uow: UnitOfWork, account: Account) -> SecurityView:
    settings = services.settings.sessions
    return SecurityView(
        overrides=account.policy,
        effective=effective_policy(account.policy, settings),
        preset=preset_of(account.policy),
        bounds=settings,
        active_users=tuple(uow.login_sessions.active_users(account.id, services.clock.now())),
    )
