"""Which invites a listing shows, and what an invite mail tells its reader.

The state of one invite is :meth:`decision_core.identity.Invite.state`; a
listing filters by it, and by the roles the caller may manage (what
:func:`~decision_core.usecases.enrolment.may_invite` allows), so an admin
never sees an owner's or admin's invite.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Final

import attrs

from decision_core.identity import Invite
from decision_core.json_value import JsonValue
from decision_core.roles import Role

DEFAULT_PAGE_SIZE: Final = 50


class InviteFilter(enum.StrEnum):
    """The states a listing asks for: one of them, or all."""

    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    ALL = "all"


@attrs.frozen
class InviteQuery:
    """A page of an account's invites in ``state`` with one of ``roles``, newest first."""

    roles: frozenset[Role]
    state: InviteFilter = InviteFilter.OPEN
    limit: int = DEFAULT_PAGE_SIZE
    offset: int = 0

    def admits(self, invite: Invite, now: datetime) -> bool:
        """Whether ``invite`` is in the asked state at ``now`` and of a role the caller manages."""
        in_state = self.state is InviteFilter.ALL or invite.state(now).value == self.state.value
        return in_state and invite.role in self.roles


@attrs.frozen
class InvitePage:
    """The matching invites of one page, newest first, and how many match."""

    items: tuple[Invite, ...]
    total: int


def invite_mail_values(
    invite: Invite, code: str, *, account_name: str, inviter_name: str | None
) -> Mapping[str, JsonValue]:
    """What the ``invite`` mail shows: whose account, which role, who asks, until when.

    ``inviter_name`` is ``None`` for an operator's invite. The code travels in
    the outbox only until the message is sent (the outbox then erases values).
    """
    return {
        "code": code,
        "account_name": account_name,
        "role": invite.role.value,
        "inviter_name": inviter_name,
        "expires_at": readable_time(invite.expires_at),
    }


def readable_time(moment: datetime) -> str:
    """``moment`` in UTC as a reader of a mail sees it, e.g. ``11 December 2026, 15:14 UTC``."""
    utc = moment.astimezone(UTC)
    return f"{utc.day} {utc:%B %Y, %H:%M} UTC"
