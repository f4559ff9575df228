"""The password hasher as argon2id (argon2-cffi)."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Final, TypeVar

import argon2
import attrs
from argon2.exceptions import InvalidHashError, VerificationError

from decision_core.ports.crypto import PasswordHasher

T = TypeVar("T")

# argon2 needs at least 8 KiB of memory per lane.
MINIMUM_MEMORY_KIB_PER_LANE: Final = 8


def _at_least_one(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        msg = f"{attribute.name} must be at least 1, got {value}"
        raise ValueError(msg)


@attrs.frozen
class Argon2Parameters:
    """Cost of one hash. The defaults are OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane)."""

    memory_kib: int = attrs.field(default=19456, validator=_at_least_one)
    time_cost: int = attrs.field(default=2, validator=_at_least_one)
    parallelism: int = attrs.field(default=1, validator=_at_least_one)

    def __attrs_post_init__(self) -> None:
        """Refuse less memory than argon2 accepts for this many lanes."""
        floor = MINIMUM_MEMORY_KIB_PER_LANE * self.parallelism
        if self.memory_kib < floor:
            msg = f"memory_kib must be at least {floor} for {self.parallelism} lane(s)"
            raise ValueError(msg)

    def password_hasher(self) -> argon2.PasswordHasher:
        """argon2-cffi's argon2id hasher at these costs."""
        return argon2.PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            type=argon2.Type.ID,
        )

    @classmethod
    def cheapest(cls) -> Argon2Parameters:
        """The least work argon2 allows: for tests only, never for real passwords."""
        return cls(memory_kib=MINIMUM_MEMORY_KIB_PER_LANE, time_cost=1, parallelism=1)


class Argon2Hasher(PasswordHasher):
    """argon2id hashes with a fresh salt each; verification never raises for a mismatch."""

    def __init__(self, parameters: Argon2Parameters, *, concurrency: int | None = None) -> None:
        """Hash at ``parameters``; computes the dummy hash once, here (tens of ms).

        Hashes run on the hasher's own threads, ``concurrency`` of them
        (default: the cores this process may run on); callers wait for theirs.
        Each takes the configured memory and a core for tens of milliseconds:
        32 sign-ins at once on two cores made every one of them slower (the
        caches thrash) and held 32 times the memory. And on its own threads a
        hash's memory stays in those threads' malloc arenas: run on whichever
        worker thread of a server's pool, each verify faulted most of its
        19 MiB in afresh (1,220 page faults, 13% slower in a pool of 40).

        Work that hashes may run whole on those threads (:attr:`threads`),
        and its hashes then run inline there.
        """
        self._on_own_thread = threading.local()
        self._threads = ThreadPoolExecutor(
            max_workers=concurrency or _usable_cores(),
            thread_name_prefix="argon2",
            initializer=self._mark_own_thread,
        )
        self._hasher = parameters.password_hasher()
        # Verifying against a hash of the same cost makes an unknown email as slow as a
        # wrong password.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(32))

    def hash(self, password: str) -> str:
        """An argon2id hash of ``password`` in PHC string form."""
        return self._on_hash_thread(self._hasher.hash, password)

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches; a corrupt stored hash counts as no match."""
        try:
            return self._on_hash_thread(self._hasher.verify, password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def verify_dummy(self, password: str) -> None:
        """Do one verification's work against a hash nobody's password matches."""
        self.verify(self._dummy_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash's type or costs differ from the configured ones."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            # Unreadable: the next successful sign-in (if one can happen) replaces it.
            return True

    @property
    def threads(self) -> Executor:
        """The hasher's own threads: work submitted here hashes without a further hand-off.

        Not part of the core's port: the HTTP adapter runs a sign-in's whole
        use case here, so queued sign-ins wait in the hasher's queue rather
        than each holding a server thread, and a sign-in crosses threads once
        each way instead of twice.
        """
        return self._threads

    def _on_hash_thread(self, hashing: Callable[..., T], *args: str) -> T:
        if getattr(self._on_own_thread, "marked", False):
            # Already here (see threads): submitting would wait on this very thread.
            return hashing(*args)
        return self._threads.submit(hashing, *args).result()

    def _mark_own_thread(self) -> None:
        self._on_own_thread.marked = True


def _usable_cores() -> int:
    """The cores this process may run on (``taskset`` and containers can allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
