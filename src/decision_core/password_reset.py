"""Password-reset tokens: single use, short-lived, stored only as a hash.

The token travels in a link by mail; a database reader sees only its
SHA-256, and cannot reset anyone's password with it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID, uuid4

import attrs

RESET_TOKEN_MINUTES: Final = 30
RESET_TOKEN_LIFETIME: Final = timedelta(minutes=RESET_TOKEN_MINUTES)
# 32 random bytes: 43 URL-safe characters, beyond guessing however many tries are made.
RESET_TOKEN_BYTES: Final = 32


@attrs.frozen
class PasswordResetToken:
    """A reset link's token, as stored: who may reset, until when, and whether it is spent.

    ``used_at`` is set when it reset the password, and when a newer request
    or another password reset superseded it: either way it is spent.
    """

    id: UUID
    user_id: UUID
    token_hash: str = attrs.field(repr=False)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def is_usable(self, now: datetime) -> bool:
        """Unspent and unexpired; expired *at* ``expires_at``, as every deadline here."""
        return self.used_at is None and now < self.expires_at


def reset_token_hash(token: str) -> str:
    """The stored form of a reset token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset_token(user_id: UUID, now: datetime) -> tuple[str, PasswordResetToken]:
    """A new random token for ``user_id``, valid for ``RESET_TOKEN_LIFETIME``, and its record."""
    token = secrets.token_urlsafe(RESET_TOKEN_BYTES)
    record = PasswordResetToken(
        id=uuid4(),
        user_id=user_id,
        token_hash=reset_token_hash(token),
        created_at=now,
        expires_at=now + RESET_TOKEN_LIFETIME,
    )
    return token, record
