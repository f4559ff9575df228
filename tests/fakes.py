"""Test doubles that are not fit for production, and so do not live in ``src``."""

from __future__ import annotations

import hashlib
import hmac
from types import TracebackType
from typing import Final, Self, cast

import attrs

from adapters.two_factor_secrets import HmacTwoFactorSecrets
from decision_core.ports.crypto import PasswordHasher
from decision_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from entrypoints.bootstrap import Runtime
from entrypoints.cli.runtime import OpenRuntime

# The real derivation of TOTP secrets (it is pure and fast), under a key of the tests' own.
TWO_FACTOR_SECRETS: Final = HmacTwoFactorSecrets("test-only two-factor key")


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


def _digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


@attrs.define
class CommitInterrupter:
    """Ctrl-C inside the ``on_call``-th commit of a runtime's units of work.

    The interrupted transaction has done its writes but not committed them, so
    it rolls back, as when an operator presses Ctrl-C during a batch's COMMIT.
    Every other commit commits. ``commits`` counts them all.
    """

    on_call: int
    commits: int = 0

    def around(self, open_runtime: OpenRuntime) -> OpenRuntime:
        """``open_runtime``, with units of work that count their commits."""

        def opened() -> Runtime:
            runtime = open_runtime()
            services = attrs.evolve(runtime.services, uow=self.units_of_work(runtime.services.uow))
            return attrs.evolve(runtime, services=services)

        return opened

    def units_of_work(self, inner: UnitOfWorkFactory) -> UnitOfWorkFactory:
        """Units of work from ``inner`` whose commits this counts."""
        return lambda: cast("UnitOfWork", _CountedCommits(inner(), self))

    def commit(self, unit: UnitOfWork) -> None:
        """Count a commit; interrupt it if it is the chosen one."""
        self.commits += 1
        if self.commits == self.on_call:
            raise KeyboardInterrupt
        unit.commit()


class _CountedCommits:
    """A unit of work whose commit goes through the interrupter; all else is the real one."""

    def __init__(self, unit: UnitOfWork, interrupter: CommitInterrupter) -> None:
        self._unit = unit
        self._interrupter = interrupter

    def __enter__(self) -> Self:
        self._unit.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._unit.__exit__(exc_type, exc, traceback)

    def __getattr__(self, name: str) -> object:
        return getattr(self._unit, name)

    def commit(self) -> None:
        self._interrupter.commit(self._unit)
