"""Where a unit of work's connection comes from, and where it goes back to.

On PostgreSQL every unit of work checks a connection out of the engine's
pool and returns it (:class:`FromThePool`): units of work run side by side.

SQLite's units of work of one process take turns (``unit_of_work_factory``),
so only one of them ever uses a connection at a time, and the pool would
hand out the same one each time, checking it out and in, with its
bookkeeping and a reset rollback, around every unit of work.
:class:`TakingTurns` keeps that connection checked out between turns
instead, already rolled back by the unit of work that last had it (what
that buys: docs/benchmarks.md, "What each fast path buys").
"""

from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.pool import PoolProxiedConnection


class ConnectionSource(Protocol):
    """Lends a unit of work its pooled connection for one transaction.

    A unit of work calls :meth:`begin_turn` as it enters, before it checks a
    connection out, and :meth:`end_turn` as it leaves, after giving it back.
    """

    def begin_turn(self) -> None:
        """Wait, if this source lets in one unit of work at a time, for its turn."""
        ...

    def end_turn(self) -> None:
        """Let the next unit of work in."""
        ...

    def check_out(self) -> PoolProxiedConnection:
        """A pooled connection outside any transaction."""
        ...

    def give_back(self, pooled: PoolProxiedConnection) -> None:
        """Take back a connection whose transaction has ended (rolled back or committed)."""
        ...


class FromThePool:
    """Every unit of work checks a connection out of the engine's pool and returns it."""

    def __init__(self, engine: Engine) -> None:
        """Lend connections from ``engine``'s pool."""
        self._engine = engine

    def begin_turn(self) -> None:
        """No turns: the database's own locks keep units of work apart."""

    def end_turn(self) -> None:
        """No turns to end."""

    def check_out(self) -> PoolProxiedConnection:
        """A connection from the pool."""
        return self._engine.raw_connection()

    def give_back(self, pooled: PoolProxiedConnection) -> None:
        """Return it to the pool (which rolls it back once more)."""
        pooled.close()

    def close(self) -> None:
        """Nothing is held here: disposing of the engine closes the pool's connections."""


class TakingTurns:
    """One unit of work at a time, and one connection kept between their turns.

    The held connection is only ever touched by the unit of work whose turn
    it is (see :class:`ConnectionSource`).
    """

    def __init__(self, engine: Engine) -> None:
        """Turns over connections from ``engine``'s pool."""
        self._engine = engine
        self._turn = threading.Lock()
        self._held: PoolProxiedConnection | None = None

    def begin_turn(self) -> None:
        """Wait until no other unit of work of this process is inside its transaction."""
        self._turn.acquire()

    def end_turn(self) -> None:
        """Let the next unit of work in."""
        self._turn.release()

    def check_out(self) -> PoolProxiedConnection:
        """The connection the last turn gave back, or a new one from the pool."""
        held, self._held = self._held, None
        return held if held is not None else self._engine.raw_connection()

    def give_back(self, pooled: PoolProxiedConnection) -> None:
        """Keep a live connection for the next turn; a dead one goes back to the pool."""
        if pooled.is_valid and self._held is None:
            self._held = pooled
        else:
            pooled.close()

    def close(self) -> None:
        """Return the held connection to the pool, after the current turn if any."""
        with self._turn:
            held, self._held = self._held, None
            if held is not None:
                held.close()
