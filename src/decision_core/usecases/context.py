"""What every use case receives: the ports, the settings, and who is calling."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final, TypeAlias
from uuid import UUID

import attrs

from decision_core.errors import InvalidAccessToken, UnknownAccount
from decision_core.identity import Account, User
from decision_core.json_value import JsonValue
from decision_core.ports.clock import Clock
from decision_core.ports.crypto import PasswordHasher, TokenCodec
from decision_core.ports.two_factor import TwoFactorSecrets
from decision_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from decision_core.roles import Role, require_role
from decision_core.settings import CoreSettings


def _no_drainer_to_wake() -> None:
    """Without a drainer in this process, added mail waits for the next drain."""


@attrs.frozen
class Services:
    """The composition root builds one of these; tests pass fakes by keyword."""

    uow: UnitOfWorkFactory
    codec: TokenCodec
    hasher: PasswordHasher
    clock: Clock
    two_factor_secrets: TwoFactorSecrets
    settings: CoreSettings = attrs.field(factory=CoreSettings)
    # Called by a use case after committing mail to the outbox, so that a drainer in
    # this process delivers it at once rather than at its next poll.
    mail_added: Callable[[], None] = _no_drainer_to_wake


@attrs.frozen
class Principal:
    """The caller, as proven by a valid access token."""

    user_id: UUID
    sid: UUID
    account_id: UUID
    role: Role


# The name the command line acts under, in audit events' ``details.actor``.
CLI_OPERATOR: Final = "cli"


@attrs.frozen
class Operator:
    """Whoever runs a batch job (the CLI): an owner's authority inside one account, as no user.

    Proven by access to the server's configuration and database rather than by
    a token. Audit events an operator causes have no ``user_id`` and record
    ``details["actor"] = name``.
    """

    account_id: UUID
    name: str = CLI_OPERATOR


Caller: TypeAlias = Principal | Operator
"""Who asks a use case to act: a signed-in user, or an operator."""

# The audit ``details`` key naming the operator behind an event without a user.
ACTOR_DETAIL: Final = "actor"


@attrs.frozen
class Actor:
    """The checked caller a use case acts for: a current member, or an operator.

    ``user_id`` is ``None`` for an operator, whose ``role`` is owner and whose
    ``operator`` names it in the audit trail.
    """

    account_id: UUID
    role: Role
    user_id: UUID | None
    operator: str | None = None

    def audit_details(self, details: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
        """An event's ``details``, naming the operator when no user acted."""
        return with_operator(details, self.operator)


def with_operator(details: Mapping[str, JsonValue], operator: str | None) -> dict[str, JsonValue]:
    """``details`` plus ``actor: operator``, unless ``operator`` is ``None``."""
    if operator is None:
        return dict(details)
    return {**details, ACTOR_DETAIL: operator}


@attrs.frozen
class ClientInfo:
    """Where a sign-in or refresh comes from, as recorded on the login session."""

    user_agent: str | None = None
    ip: str | None = None


ACTOR_GONE: Final = "the signed-in user no longer exists or is inactive"


def load_actor(uow: UnitOfWork, principal: Principal, required: Role) -> User:
    """The caller's *current* user row, checked for ``required`` or stronger.

    The role inside an access token may be up to its lifetime old; permission
    checks use the stored role, so a demotion or deactivation takes effect on
    the next request.
    """
    return checked_actor(uow.users.get(principal.user_id), principal, required)


def checked_actor(user: User | None, principal: Principal, required: Role) -> User:
    """``user``, read for ``principal``, if it may act with ``required`` or a stronger role."""
    if user is None or not user.is_active or user.account_id != principal.account_id:
        raise InvalidAccessToken(ACTOR_GONE)
    require_role(user.role, required)
    return user


def act_as(uow: UnitOfWork, caller: Caller, required: Role) -> Actor:
    """The checked actor behind ``caller``, with ``required`` or a stronger role.

    A principal is checked as in :func:`load_actor`. An operator holds an
    owner's authority, so only its account must exist, else ``UnknownAccount``.
    """
    if isinstance(caller, Operator):
        if uow.accounts.get(caller.account_id) is None:
            msg = f"no account {caller.account_id}"
            raise UnknownAccount(msg)
        return Actor(caller.account_id, Role.OWNER, None, caller.name)
    user = load_actor(uow, caller, required)
    return Actor(user.account_id, user.role, user.id)


def act_holding_account(uow: UnitOfWork, caller: Caller, required: Role) -> tuple[Actor, Account]:
    """The checked actor behind ``caller``, and its account, held until the transaction ends.

    For a change that reads, then writes, the account or its members (the
    policy, a member's role): such changes of one account take turns, and
    each checks the caller's role only after the one before it committed.
    Held first, before any user row, so that two of them never wait on each
    other. Errors as :func:`act_as`; an account gone from under its member
    is ``InvalidAccessToken``.
    """
    account = uow.accounts.get(caller.account_id, for_update=True)
    actor = act_as(uow, caller, required)
    if account is None:
        raise InvalidAccessToken(ACTOR_GONE)
    return actor, account
