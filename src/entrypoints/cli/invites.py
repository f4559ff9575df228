"""``list-invites``, ``resend-invite`` and ``revoke-invite``: an account's invites.

The operator acts with an owner's authority in the account (as for
``add-user``), through the API's use cases, so the same rules apply and the
same audit events are written, with ``details.actor = "cli"``. Results go to
stdout as one JSON object; messages go to stderr.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final, Literal
from uuid import UUID

from cyclopts import Parameter, validators

from decision_core.identity import Invite
from decision_core.invites import InviteFilter
from decision_core.json_value import JsonValue
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.invites import list_invites, resend_invite, revoke_invite
from entrypoints.cli.accounts import show
from entrypoints.cli.app import app
from entrypoints.cli.arguments import AccountOption, parse_account_id, parse_id
from entrypoints.cli.runtime import FAILED, JobRuntime, run_job, say

# The HTTP listing's bounds (entrypoints.http.paging), so both page alike.
MAX_LIMIT: Final = 200
InviteOption = Annotated[str, Parameter(name="--invite")]
StateOption = Literal["open", "used", "expired", "revoked", "all"]


@app.command(name="list-invites")
def list_invites_command(
    *,
    account: AccountOption,
    state: StateOption = "open",
    limit: Annotated[int, Parameter(validator=validators.Number(gte=1, lte=MAX_LIMIT))] = 50,
    offset: Annotated[int, Parameter(validator=validators.Number(gte=0))] = 0,
    open_runtime: JobRuntime,
) -> int:
    """Print a page of an account's invites, newest first, as JSON: {items, total}.

    As GET /accounts/me/invites answers an owner: id, role, email,
    created_at, created_by, expires_at and state of each; never a code.

    Parameters
    ----------
    account
        The account's id.
    state
        Which invites: open (unused, unrevoked, unexpired), used, expired, revoked or all.
    limit
        How many invites one page holds, at most 200.
    offset
        How many invites to skip.

    """
    try:
        operator = Operator(parse_account_id(account))
    except ValueError as exc:
        say(f"error: {exc}")
        return FAILED

    def body(services: Services) -> int:
        page = list_invites(services, operator, InviteFilter(state), limit=limit, offset=offset)
        now = services.clock.now()
        show({"items": [invite_output(i, now) for i in page.items], "total": page.total})
        return 0

    return run_job(body, open_runtime)


@app.command(name="resend-invite")
def resend_invite_command(
    *, account: AccountOption, invite: InviteOption, open_runtime: JobRuntime
) -> int:
    """Mail an invite again with a new link and expiry; print the invite as JSON.

    The old link stops working. Refused for a used or revoked invite, or one
    without an email. The mail goes out with the next send-mail or server drain.

    Parameters
    ----------
    account
        The account's id.
    invite
        The invite's id (see list-invites).

    """
    ids = _parsed_ids(account, invite)
    if ids is None:
        return FAILED
    operator, invite_id = ids

    def body(services: Services) -> int:
        renewed = resend_invite(services, operator, invite_id)
        show(invite_output(renewed, services.clock.now()))
        return 0

    return run_job(body, open_runtime)


@app.command(name="revoke-invite")
def revoke_invite_command(
    *, account: AccountOption, invite: InviteOption, open_runtime: JobRuntime
) -> int:
    """Revoke an invite, so its link joins no one; print its id and state as JSON.

    Revoking a revoked invite changes nothing. Refused for a used invite.

    Parameters
    ----------
    account
        The account's id.
    invite
        The invite's id (see list-invites).

    """
    ids = _parsed_ids(account, invite)
    if ids is None:
        return FAILED
    operator, invite_id = ids

    def body(services: Services) -> int:
        revoke_invite(services, operator, invite_id)
        show({"invite_id": str(invite_id), "state": "revoked"})
        return 0

    return run_job(body, open_runtime)


def _parsed_ids(account: str, invite: str) -> tuple[Operator, UUID] | None:
    """The operator in ``account`` and the invite's id, or ``None`` after saying what is wrong."""
    try:
        return Operator(parse_account_id(account)), parse_id(
            invite, "--invite must be an invite id"
        )
    except ValueError as exc:
        say(f"error: {exc}")
        return None


def invite_output(invite: Invite, now: datetime) -> dict[str, JsonValue]:
    """What the invite commands print of an invite: what the API lists, never a code."""
    return {
        "id": str(invite.id),
        "role": invite.role.value,
        "email": invite.email,
        "created_at": invite.created_at.isoformat(),
        "created_by": None if invite.created_by is None else str(invite.created_by),
        "expires_at": invite.expires_at.isoformat(),
        "state": invite.state(now).value,
    }
