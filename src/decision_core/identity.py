"""Accounts, users and invites: who may sign in, and into which tenant."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime
from typing import Final
from uuid import UUID

import attrs

from decision_core.errors import InvalidEmail, InvalidPassword
from decision_core.login.policy import PolicyOverrides
from decision_core.roles import Role

PASSWORD_MIN_LENGTH: Final = 8
PASSWORD_MAX_LENGTH: Final = 1024
EMAIL_MAX_LENGTH: Final = 320


@attrs.frozen
class Account:
    """The tenant boundary. Its policy overrides apply at the next sign-in.

    ``require_two_factor``: every member's sign-in needs a second factor, and
    a member without one enrols at the next sign-in.
    """

    id: UUID
    name: str
    created_at: datetime
    policy: PolicyOverrides = attrs.field(factory=PolicyOverrides)
    require_two_factor: bool = False


@attrs.frozen
class User:
    """A member of exactly one account. ``password_hash`` never leaves the core."""

    id: UUID
    account_id: UUID
    email: str
    name: str
    role: Role
    password_hash: str = attrs.field(repr=False)
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None = None


@attrs.frozen
class Rehash:
    """A password hash made with the current parameters, to replace ``replaces``.

    Only while the stored hash is still ``replaces``: a password changed
    since it was checked stays changed.
    """

    replaces: str = attrs.field(repr=False)
    new_hash: str = attrs.field(repr=False)


class InviteState(enum.StrEnum):
    """Where an invite is in its life; only an open one can be redeemed."""

    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


@attrs.frozen
class Invite:
    """A single-use, expiring, revocable code to join an account with a role.

    Only the SHA-256 of the code is stored: a database reader cannot join.
    """

    id: UUID
    account_id: UUID
    code_hash: str = attrs.field(repr=False)
    role: Role
    email: str | None
    created_by: UUID | None  # None: created by an operator (the CLI), not a user
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: UUID | None = None
    revoked_at: datetime | None = None

    def state(self, now: datetime) -> InviteState:
        """Its state at ``now``: used, else revoked, else expired from ``expires_at`` on, else open.

        Being used is final and comes first (a used invite cannot be revoked);
        a revoked invite stays revoked whether or not it has expired since.
        """
        if self.used_at is not None:
            return InviteState.USED
        if self.revoked_at is not None:
            return InviteState.REVOKED
        if now >= self.expires_at:
            return InviteState.EXPIRED
        return InviteState.OPEN

    def is_open(self, now: datetime) -> bool:
        """Unused, unrevoked and unexpired: someone may still redeem it."""
        return self.state(now) is InviteState.OPEN

    def usable_by(self, email: str, now: datetime) -> bool:
        """Open, and (when addressed) for this email."""
        addressed_elsewhere = self.email is not None and not same_email(self.email, email)
        return self.is_open(now) and not addressed_elsewhere


def invite_code_hash(code: str) -> str:
    """The stored form of an invite code."""
    return hashlib.sha256(code.encode()).hexdigest()


def email_key(email: str) -> str:
    """The case-insensitive form under which emails are unique."""
    return email.strip().casefold()


def same_email(first: str, second: str) -> bool:
    """Whether two emails are the same address for sign-in purposes."""
    return email_key(first) == email_key(second)


def check_email(email: str) -> str:
    """Return ``email`` stripped, or raise :class:`InvalidEmail`."""
    stripped = email.strip()
    local, at, domain = stripped.rpartition("@")
    if not (at and local and domain) or len(stripped) > EMAIL_MAX_LENGTH or " " in stripped:
        msg = (
            "email must be an address like name@example.com "
            f"of at most {EMAIL_MAX_LENGTH} characters"
        )
        raise InvalidEmail([msg])
    return stripped


def check_password(password: str) -> None:
    """Raise :class:`InvalidPassword` unless 8 to 1024 characters long."""
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        msg = f"password must be between {PASSWORD_MIN_LENGTH} and {PASSWORD_MAX_LENGTH} characters"
        raise InvalidPassword([msg])
