"""Argon2Hasher: argon2id at OWASP's parameters by default, cheapest in tests."""

from __future__ import annotations

import threading
import time

import argon2
import pytest

from adapters.passwords_argon2 import Argon2Hasher, Argon2Parameters


@pytest.fixture(scope="module")
def hasher() -> Argon2Hasher:
    """The cheapest profile argon2 allows."""
    return Argon2Hasher(Argon2Parameters.cheapest())


def test_the_defaults_are_owasps_argon2id_minimum() -> None:
    """19 MiB, 2 passes, 1 lane, and the hash says so."""
    parameters = Argon2Parameters()
    assert (parameters.memory_kib, parameters.time_cost, parameters.parallelism) == (19456, 2, 1)
    assert Argon2Hasher(parameters).hash("a password").startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_password_verifies_against_its_own_hash_only(hasher: Argon2Hasher) -> None:
    """Fresh salt each time; a mismatch is False, not an exception."""
    first, second = hasher.hash("a password"), hasher.hash("a password")
    assert first != second
    assert "a password" not in first
    assert hasher.verify(first, "a password")
    assert not hasher.verify(first, "another password")


def test_a_corrupt_stored_hash_is_no_match(hasher: Argon2Hasher) -> None:
    """A damaged row must not turn a sign-in into a 500."""
    assert not hasher.verify("not a hash", "a password")
    assert not hasher.verify("$argon2id$v=19$m=8,t=1,p=1$broken", "a password")


def test_the_dummy_verification_costs_about_one_verification() -> None:
    """It exists to spend the time of a verify for an unknown email, and never raises."""
    # Costly enough (about a millisecond) that the hashing dwarfs timer noise.
    hasher = Argon2Hasher(Argon2Parameters(memory_kib=2048, time_cost=1, parallelism=1))
    stored = hasher.hash("a password")
    started = time.perf_counter()
    for _ in range(20):
        hasher.verify(stored, "wrong password")
    verifying = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(20):
        hasher.verify_dummy("wrong password")
    dummy = time.perf_counter() - started
    assert dummy > verifying / 5


@pytest.mark.parametrize(
    ("memory_kib", "time_cost", "parallelism", "message"),
    [
        (7, 1, 1, "at least 8"),
        (16, 1, 4, "at least 32"),
        (8, 0, 1, "time_cost"),
        (8, 1, 0, "parallelism"),
    ],
)
def test_parameters_below_what_argon2_accepts_are_refused(
    memory_kib: int, time_cost: int, parallelism: int, message: str
) -> None:
    """Checked when the settings are read, not at the first sign-in."""
    with pytest.raises(ValueError, match=message):
        Argon2Parameters(memory_kib=memory_kib, time_cost=time_cost, parallelism=parallelism)


def test_a_hash_needs_rehashing_only_when_the_parameters_changed(hasher: Argon2Hasher) -> None:
    """Same costs: no; other costs: yes; an unreadable hash: yes (replace it when possible)."""
    cheap = hasher.hash("a password")
    assert not hasher.needs_rehash(cheap)
    cheapest = Argon2Parameters.cheapest()
    costlier = Argon2Hasher(Argon2Parameters(memory_kib=cheapest.memory_kib, time_cost=2))
    assert costlier.needs_rehash(cheap)
    assert not costlier.needs_rehash(costlier.hash("a password"))
    assert hasher.needs_rehash("not an argon2 hash")


def test_no_more_hashes_run_at_once_than_allowed() -> None:
    """Eight sign-ins at once with room for two: never more than two verify together."""
    hasher = Argon2Hasher(Argon2Parameters.cheapest(), concurrency=2)
    stored = hasher.hash("a password")
    running, most = 0, 0
    count = threading.Lock()
    verify = argon2.PasswordHasher.verify

    def counting_verify(self: argon2.PasswordHasher, password_hash: str, password: str) -> bool:
        nonlocal running, most
        with count:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        try:
            return verify(self, password_hash, password)
        finally:
            with count:
                running -= 1

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(argon2.PasswordHasher, "verify", counting_verify)
        threads = [
            threading.Thread(target=hasher.verify, args=(stored, "a password")) for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    assert most == 2


def test_work_on_the_hashers_threads_hashes_there_inline() -> None:
    """A use case run on the hasher's threads hashes inline there, even with room for one.

    With one thread, a hash submitted from that thread would wait behind the
    very work that waits for it: the inline path is what keeps it from hanging.
    """
    hasher = Argon2Hasher(Argon2Parameters.cheapest(), concurrency=1)
    stored = hasher.hash("a password")
    threads_seen: set[str] = set()

    def sign_in() -> tuple[bool, bool]:
        threads_seen.add(threading.current_thread().name)
        hasher.verify_dummy("a password")
        return hasher.verify(stored, "a password"), hasher.verify(stored, "wrong")

    assert hasher.threads.submit(sign_in).result(timeout=10) == (True, False)
    assert len(threads_seen) == 1
    assert threads_seen.pop().startswith("argon2")


def test_work_on_the_hashers_threads_hands_its_error_to_the_waiter() -> None:
    """An exception raised by the work reaches whoever waits on the future."""
    hasher = Argon2Hasher(Argon2Parameters.cheapest(), concurrency=1)

    def failing() -> None:
        message = "no such user"
        raise LookupError(message)

    with pytest.raises(LookupError, match="no such user"):
        hasher.threads.submit(failing).result(timeout=10)
