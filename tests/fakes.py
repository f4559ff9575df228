"""Test doubles that are not fit for production, and so do not live in ``src``."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from decision_core.ports.crypto import PasswordHasher

T = TypeVar("T")


class FastHasher(PasswordHasher):
    """A salted SHA-256 "hash": fast and deliberately insecure, for unit tests only.

    It counts its work so tests can check that unknown emails cost a verify too.
    """

    def __init__(self, scheme: str = "fast") -> None:
        """Start with no work done; ``scheme`` stands for the hash parameters."""
        self.verifications = 0
        self.scheme = scheme
        self._salt_counter = 0

    def hash(self, password: str) -> str:
        """A fresh salt, then the digest, tagged with the current scheme."""
        self._salt_counter += 1
        salt = f"s{self._salt_counter}"
        return f"{self.scheme}${salt}${_digest(salt, password)}"

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` produced ``password_hash`` (under any scheme)."""
        self.verifications += 1
        _, salt, digest = password_hash.split("$")
        return hmac.compare_digest(digest, _digest(salt, password))

    def verify_dummy(self, password: str) -> None:
        """Do the same work as :meth:`verify` against nothing."""
        self.verifications += 1
        _digest("dummy", password)

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made under another scheme than the current one."""
        return not password_hash.startswith(f"{self.scheme}$")

    def in_background(self, work: Callable[[], T]) -> Future[T]:
        """Run ``work`` at once, in the caller's thread: its hashes take microseconds."""
        done: Future[T] = Future()
        try:
            done.set_result(work())
        except BaseException as exc:  # noqa: BLE001 - handed to the waiter, as an executor would
            done.set_exception(exc)
        return done


def _digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()
