"""The crypto ports: password hashing and token signing."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol, TypeVar

from decision_core.login.tokens import AccessClaims, RefreshClaims

T = TypeVar("T")


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

    def in_background(self, work: Callable[[], T]) -> Future[T]:
        """Start ``work``, a use case that hashes with this hasher, where its hashes run.

        For a caller that must not block for a hash's tens of milliseconds (an
        event loop): it waits on the future instead, and the hashes ``work``
        asks for run without a further hand-off.
        """
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
