"""What every use case receives: the ports, the settings, and who is calling."""

from __future__ import annotations

from uuid import UUID

import attrs

from decision_core.errors import InvalidAccessToken
from decision_core.identity import User
from decision_core.ports import Clock, PasswordHasher, TokenCodec, UnitOfWork, UnitOfWorkFactory
from decision_core.roles import Role, require_role
from decision_core.settings import CoreSettings


@attrs.frozen
class Services:
    """The composition root builds one of these; tests pass fakes by keyword."""

    uow: UnitOfWorkFactory
    codec: TokenCodec
    hasher: PasswordHasher
    clock: Clock
    settings: CoreSettings = attrs.field(factory=CoreSettings)


@attrs.frozen
class Principal:
    """The caller, as proven by a valid access token."""

    user_id: UUID
    sid: UUID
    account_id: UUID
    role: Role


@attrs.frozen
class Operator:
    """Whoever runs a batch job (the CLI): an owner's authority inside one account, as no user.

    Proven by access to the server's configuration and database rather than by
    a token. Audit events an operator causes have no ``user_id`` and record
    ``details["actor"] = name``.
    """

    account_id: UUID
    name: str = "cli"


@attrs.frozen
class ClientInfo:
    """Where a sign-in or refresh comes from, as recorded on the login session."""

    user_agent: str | None = None
    ip: str | None = None


def load_actor(uow: UnitOfWork, principal: Principal, required: Role) -> User:
    """The caller's *current* user row, checked for ``required`` or stronger.

    The role inside an access token may be up to its lifetime old; permission
    checks use the stored role, so a demotion or deactivation takes effect on
    the next request.
    """
    user = uow.users.get(principal.user_id)
    if user is None or not user.is_active or user.account_id != principal.account_id:
        msg = "the signed-in user no longer exists or is inactive"
        raise InvalidAccessToken(msg)
    require_role(user.role, required)
    return user
