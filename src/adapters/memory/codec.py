"""Opaque tokens whose claims stay in this process's memory.

A token is a random handle; the claims never leave the server. That makes
this a sound codec for a single-process embed (a handle cannot be forged),
and a fast one for tests. A restart forgets every token.
"""

from __future__ import annotations

import secrets
import threading

from decision_core.errors import InvalidAccessToken, InvalidRefreshToken
from decision_core.login.tokens import AccessClaims, RefreshClaims
from decision_core.ports.crypto import TokenCodec


class MemoryTokenCodec(TokenCodec):
    """Maps random handles to claims."""

    def __init__(self) -> None:
        """Start with no tokens."""
        self._claims: dict[str, AccessClaims | RefreshClaims] = {}
        self._lock = threading.Lock()

    def _issue(self, claims: AccessClaims | RefreshClaims) -> str:
        handle = secrets.token_urlsafe(24)
        with self._lock:
            self._claims[handle] = claims
        return handle

    def encode_access(self, claims: AccessClaims) -> str:
        """A new handle for ``claims``."""
        return self._issue(claims)

    def encode_refresh(self, claims: RefreshClaims) -> str:
        """A new handle for ``claims``."""
        return self._issue(claims)

    def decode_access(self, token: str) -> AccessClaims:
        """The access claims behind ``token``."""
        claims = self._claims.get(token)
        if not isinstance(claims, AccessClaims):
            raise InvalidAccessToken
        return claims

    def decode_refresh(self, token: str) -> RefreshClaims:
        """The refresh claims behind ``token``."""
        claims = self._claims.get(token)
        if not isinstance(claims, RefreshClaims):
            raise InvalidRefreshToken
        return claims
