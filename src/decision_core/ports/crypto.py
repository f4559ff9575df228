"""The crypto ports: password hashing and token signing."""

from __future__ import annotations

from typing import Protocol

from decision_core.login.tokens import AccessClaims, RefreshClaims


class PasswordHasher(Protocol):
    """A slow one-way password hash."""

    def hash(self, password: str) -> str:
        """Hash ``password`` with a fresh salt."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; never raises for a mismatch."""
        ...

    def verify_dummy(self, password: str) -> None:
        """Spend the time of one :meth:`verify`, so unknown emails answer as slowly."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than :meth:`hash` uses now."""
        ...


class TokenCodec(Protocol):
    """Signs and reads tokens. It checks form and signature, never time."""

    def encode_access(self, claims: AccessClaims) -> str:
        """Sign an access token."""
        ...

    def decode_access(self, token: str) -> AccessClaims:
        """Read an access token or raise ``InvalidAccessToken``."""
        ...

    def encode_refresh(self, claims: RefreshClaims) -> str:
        """Sign a refresh token."""
        ...

    def decode_refresh(self, token: str) -> RefreshClaims:
        """Read a refresh token or raise ``InvalidRefreshToken``."""
        ...
