"""Use cases racing on one database: the services, and a transaction that stops half-way.

A race between two use cases is made certain, not likely: the first is paused
inside its transaction just before it writes (``PausedBefore``), the second
runs meanwhile, and the test checks what both left behind. Without a lock the
second reads and writes around the first; with one it waits for the first
to commit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Final, Self

from adapters.memory import FixedClock, MemoryTokenCodec
from decision_core.ports.crypto import PasswordHasher
from decision_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from decision_core.settings import CoreSettings
from decision_core.usecases.context import Services
from tests.fakes import TWO_FACTOR_SECRETS, FastHasher
from tests.unit.conftest import START

from .consume_in_process import RELEASE_TIMEOUT_SECONDS

# Long enough that a use case which does not wait would certainly have finished.
HEAD_START_SECONDS: Final = 0.3


def services_on(
    uow_factory: UnitOfWorkFactory,
    *,
    hasher: PasswordHasher | None = None,
    settings: CoreSettings | None = None,
) -> Services:
    """The use cases on ``uow_factory``, with in-memory tokens, a fast hasher and a fixed clock."""
    return Services(
        uow=uow_factory,
        codec=MemoryTokenCodec(),
        hasher=hasher or FastHasher(),
        clock=FixedClock(START),
        two_factor_secrets=TWO_FACTOR_SECRETS,
        settings=settings or CoreSettings(),
    )


def serial_history(start: object, changes: Sequence[tuple[object, object]]) -> list[object]:
    """The states ``changes`` (``(old, new)`` pairs, in any order) pass through from ``start``.

    Fails unless they form one chain: each change's ``old`` is the ``new`` of
    exactly one other change, or ``start`` for the first. That is what the
    audit trail of changes made one after the other looks like.
    """
    history, remaining = [start], list(changes)
    while remaining:
        following = [change for change in remaining if change[0] == history[-1]]
        assert len(following) == 1, f"not one change after {history[-1]}: {remaining}"
        remaining.remove(following[0])
        history.append(following[0][1])
    return history


class PausedBefore:
    """Units of work whose ``repository.method`` waits a head start before it runs, once.

    ``reached`` is set when the first call arrives: the use case is inside its
    transaction, having read what it is about to write over.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        repository: str,
        method: str,
        *,
        head_start: float = HEAD_START_SECONDS,
    ) -> None:
        """Pause the first call of ``uow.<repository>.<method>`` made through these units."""
        self._uow_factory = uow_factory
        self._repository = repository
        self._method = method
        self._head_start = head_start
        self.reached = threading.Event()

    def __call__(self) -> UnitOfWork:
        """A unit of work whose repository pauses (the first time only)."""
        return _PausingUnitOfWork(self._uow_factory(), self)

    def wait_until_reached(self) -> None:
        """Block until the paused call has arrived (or fail after the release timeout)."""
        assert self.reached.wait(RELEASE_TIMEOUT_SECONDS), f"never reached {self._method}"

    def _pause(self) -> None:
        if not self.reached.is_set():
            self.reached.set()
            time.sleep(self._head_start)  # the other use case runs meanwhile, if it can


class _PausingUnitOfWork:
    """A unit of work that hands out one repository wrapped by :class:`PausedBefore`."""

    def __init__(self, inner: UnitOfWork, pausing: PausedBefore) -> None:
        self._inner = inner
        self._pausing = pausing

    def __enter__(self) -> Self:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, traceback)

    def commit(self) -> None:
        self._inner.commit()

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - whichever repository is asked for
        repository = getattr(self._inner, name)
        if name != self._pausing._repository:  # noqa: SLF001 - the two classes are one helper
            return repository
        return _PausingRepository(repository, self._pausing)


class _PausingRepository:
    def __init__(self, inner: object, pausing: PausedBefore) -> None:
        self._inner = inner
        self._pausing = pausing

    def __getattr__(self, name: str) -> object:
        attribute = getattr(self._inner, name)
        if name != self._pausing._method or not callable(attribute):  # noqa: SLF001 - as above
            return attribute

        def paused(*args: object, **kwargs: object) -> object:
            self._pausing._pause()  # noqa: SLF001 - as above
            return attribute(*args, **kwargs)

        return paused


class CheckingSlowly(FastHasher):
    """A hasher whose password checks wait for ``release``; ``checking`` is set when one starts."""

    def __init__(self) -> None:
        """Nothing checked or released yet."""
        super().__init__()
        self.checking = threading.Event()
        self.release = threading.Event()

    def verify(self, password_hash: str, password: str) -> bool:
        """Wait to be released, then check as a :class:`FastHasher` does."""
        self.checking.set()
        assert self.release.wait(RELEASE_TIMEOUT_SECONDS), "never released"
        return super().verify(password_hash, password)
