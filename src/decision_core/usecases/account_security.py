"""An account's login-session security: the policy, and signing everyone out."""

from __future__ import annotations

from uuid import UUID

import attrs

from decision_core import audit
from decision_core.errors import InvalidAccessToken, NotFound, RuleViolation
from decision_core.identity import Account, check_email
from decision_core.json_value import JsonValue
from decision_core.login.policy import (
    EffectivePolicy,
    PolicyOverrides,
    PolicyPatch,
    Preset,
    effective_policy,
    preset_of,
    updated_overrides,
)
from decision_core.login.revocation import BulkScope, SessionSelector, bulk_reason, bulk_selector
from decision_core.login.sessions import ActiveUser
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.settings import SessionSettings
from decision_core.usecases.context import (
    Actor,
    Caller,
    Services,
    act_as,
    act_holding_account,
)
from decision_core.usecases.step_up import require_recent_proof


@attrs.frozen
class SecurityView:
    """The GET body of SPEC 4: overrides, effective values, bounds, active users."""

    overrides: PolicyOverrides
    effective: EffectivePolicy
    preset: Preset
    bounds: SessionSettings
    active_users: tuple[ActiveUser, ...]
    require_two_factor: bool = False


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
    New values apply at the next sign-in, never to live sessions. Updates
    at once take turns: each is judged against, and its event's ``old`` is,
    the policy the one before it left. A step-up change (see :mod:`.step_up`).
    """
    settings = services.settings.sessions
    now = services.clock.now()
    with services.uow() as uow:
        actor, account = act_holding_account(uow, caller, Role.OWNER)
        require_recent_proof(uow, caller, now, services.settings.auth.step_up_minutes)
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


def require_two_factor(services: Services, caller: Caller, *, required: bool) -> SecurityView:
    """Turn on or off the account's requirement of a second factor at sign-in. Owner only.

    Rules: a step-up change (see :mod:`.step_up`). Setting the value the
    account already has writes nothing; a change writes one
    ``account.two_factor_required_changed`` event. It applies at each
    member's next sign-in: sessions already running stay, and a member
    without a second factor enrols on the way in.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor, account = act_holding_account(uow, caller, Role.OWNER)
        require_recent_proof(uow, caller, now, services.settings.auth.step_up_minutes)
        if account.require_two_factor != required:
            uow.accounts.save_two_factor_requirement(account.id, required=required)
            uow.audit.append(
                audit.audit_event(
                    at=now,
                    account_id=account.id,
                    user_id=actor.user_id,
                    action=audit.TWO_FACTOR_REQUIRED_CHANGED,
                    resource_type="account",
                    resource_id=account.id,
                    details=actor.audit_details({"old": not required, "new": required}),
                )
            )
            uow.commit()
        return _view(services, uow, attrs.evolve(account, require_two_factor=required))


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
    ``account.sessions_revoked_bulk`` event per call. Scope ``all`` is a
    step-up change (see :mod:`.step_up`).
    """
    return _revoke_bulk(services, caller, scope, keep_email, limit=None)


def revoke_sessions_batch(
    services: Services,
    caller: Caller,
    scope: BulkScope,
    *,
    keep_email: str | None = None,
    limit: int,
) -> int:
    """Sign out at most ``limit`` of the sessions ``revoke_sessions`` would; return how many.

    One committed batch of a long revocation (the CLI's ``revoke-sessions``):
    call it until it returns 0. Rules: those of :func:`revoke_sessions`, and
    ``limit`` is at least 1 (else ``RuleViolation``). A batch that ends
    sessions writes one ``account.sessions_revoked_bulk`` event, its details
    those of :func:`revoke_sessions` plus ``batch_size`` (the limit, which
    marks a batch); a batch that ends none writes nothing, so a rerun after
    a finished run leaves no trace.
    """
    if limit < 1:
        msg = f"a batch revokes at least 1 session, not {limit}"
        raise RuleViolation([msg])
    return _revoke_bulk(services, caller, scope, keep_email, limit=limit)


def count_sessions_to_revoke(
    services: Services, caller: Caller, scope: BulkScope, keep_email: str | None = None
) -> int:
    """How many live sessions :func:`revoke_sessions` would end now; writes nothing. Owner only.

    The total of a batched run's progress, so the same rules (and errors) as
    :func:`revoke_sessions`, checked before the first batch. Sessions started
    during the run are ended too, so the run may end a few more.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.OWNER)
        return uow.login_sessions.count_live(_bulk_selector(uow, actor, scope, keep_email), now)


def _revoke_bulk(
    services: Services,
    caller: Caller,
    scope: BulkScope,
    keep_email: str | None,
    *,
    limit: int | None,
) -> int:
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.OWNER)
        if scope is BulkScope.ALL:
            require_recent_proof(uow, caller, now, services.settings.auth.step_up_minutes)
        selector = _bulk_selector(uow, actor, scope, keep_email)
        revoked = uow.login_sessions.revoke_live(selector, now, bulk_reason(scope), limit=limit)
        # A whole revocation is audited even when it ends nothing (someone asked for it);
        # an empty batch is only how a batched run learns it is done.
        if revoked == 0 and limit is not None:
            return 0
        details: dict[str, JsonValue] = {"scope": scope.value, "revoked_count": revoked}
        if keep_email is not None:
            details["kept_user_id"] = str(selector.except_user_id)
        if limit is not None:
            details["batch_size"] = limit
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
        require_two_factor=account.require_two_factor,
    )
