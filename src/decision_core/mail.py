"""Outgoing mail as values, and the rules of delivering it from the outbox.

A use case that owes someone a message adds an :class:`OutgoingMail` to the
unit of work's outbox in the same transaction as the change it reports, so a
commit and its mail never disagree. A drainer delivers it later (see
:mod:`decision_core.usecases.mail_delivery`). The core names the kind of
message and the values it needs; the text and HTML are the adapters' business.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID, uuid4

import attrs

from decision_core.json_value import JsonValue

# The kinds of message; each adapter renders one template per kind.
PASSWORD_RESET: Final = "password_reset"  # noqa: S105 - a message kind, not a password
INVITE: Final = "invite"

# Deliveries of one message before the outbox gives up on it. With the delays of
# retry_delay, the last is tried about two hours after the first.
MAX_ATTEMPTS: Final = 8
FIRST_RETRY_DELAY: Final = timedelta(minutes=1)
LONGEST_RETRY_DELAY: Final = timedelta(hours=1)
# How long a claimed message stays out of other drainers' reach. Far longer than a
# drain of a batch takes (each SMTP exchange times out in seconds), so only a drainer
# that died while delivering lets its messages be claimed again, once this passes.
CLAIM_LEASE: Final = timedelta(minutes=15)


class MailDeliveryFailed(Exception):
    """A mailer could not hand a message over; the outbox tries again later.

    Not a :class:`~decision_core.errors.DomainError`: no client caused it, and
    none is ever answered with it.
    """


@attrs.frozen
class OutgoingMail:
    """One message owed to ``to``: a kind of message and the values it shows.

    ``values`` is a small JSON-able mapping (a link's token, a name); ``id``
    names the message for good, so a repeated delivery is recognisably the
    same message.
    """

    id: UUID
    to: str
    template: str
    values: Mapping[str, JsonValue] = attrs.field(repr=False)
    created_at: datetime


def new_mail(
    to: str, template: str, values: Mapping[str, JsonValue], now: datetime
) -> OutgoingMail:
    """A new message with a fresh id."""
    return OutgoingMail(id=uuid4(), to=to, template=template, values=dict(values), created_at=now)


@attrs.frozen
class ClaimedMail:
    """A message a drainer holds until ``CLAIM_LEASE`` passes; ``attempt`` counts from 1."""

    mail: OutgoingMail
    attempt: int


@attrs.frozen
class DeliveryFailure:
    """What the outbox records of a failed delivery.

    ``retry_at`` is when the message is due again, or ``None`` when the outbox
    gives up on it.
    """

    at: datetime
    error: str
    retry_at: datetime | None

    @property
    def gave_up(self) -> bool:
        """Whether no further delivery will be tried."""
        return self.retry_at is None


def retry_delay(attempt: int) -> timedelta:
    """How long after failed attempt number ``attempt`` the next one waits.

    Doubling from ``FIRST_RETRY_DELAY`` (1, 2, 4 ... minutes), at most
    ``LONGEST_RETRY_DELAY``: a mail server that is down for a while is not
    hammered, and one that is back soon is not waited on for long.
    """
    # Past this many doublings the delay is at its longest whatever the attempt (and
    # a large attempt number must not make a huge power of two).
    enough = (LONGEST_RETRY_DELAY // FIRST_RETRY_DELAY).bit_length()
    doublings = min(max(attempt - 1, 0), enough)
    return min(FIRST_RETRY_DELAY * (1 << doublings), LONGEST_RETRY_DELAY)


def failure_of(claimed: ClaimedMail, error: str, now: datetime) -> DeliveryFailure:
    """The failure of ``claimed``'s delivery at ``now``: retried later, or given up.

    The outbox gives up after ``MAX_ATTEMPTS`` attempts (a claim counts as an
    attempt, so a drainer dying mid-delivery uses one up too).
    """
    if claimed.attempt >= MAX_ATTEMPTS:
        return DeliveryFailure(at=now, error=error, retry_at=None)
    return DeliveryFailure(at=now, error=error, retry_at=now + retry_delay(claimed.attempt))
