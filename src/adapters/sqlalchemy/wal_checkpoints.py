"""Checkpoints of a SQLite write-ahead log, taken by a thread of their own.

By default SQLite checkpoints inside the commit that grows the log past a
thousand pages: that commit copies the pages into the database file and
waits for fsync (with ``synchronous=NORMAL``, the only sync WAL mode does),
and with it the request that committed, and on SQLite every request waits
behind it (units of work take turns, and run on the event loop). Under a
stream of refreshes that was about one commit in a hundred and an eighth of
the server's time. The engine's connections therefore never checkpoint
(``wal_autocheckpoint = 0``) and this thread runs a PASSIVE checkpoint
every second on its own connection: it copies what no reader still needs,
never blocks a writer, and syncs while the event loop goes on (sqlite3
releases the GIL while it works). Once a second rather than more often: a
page written many times in that second is copied once (at 0.1 s the copies
cost a refresh stream a tenth of its rate). The log holds at most about a
second of writes, tens of megabytes under full load.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Final
from urllib.parse import quote

CHECKPOINT_INTERVAL_SECONDS: Final = 1.0


class WalCheckpointer:
    """Checkpoint the database file at ``path`` every interval until stopped."""

    def __init__(self, path: str, *, interval: float = CHECKPOINT_INTERVAL_SECONDS) -> None:
        """Prepare, without starting, the checkpoints of ``path``'s write-ahead log."""
        self._path = path
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"wal-checkpoints {path}", daemon=True
        )

    def start(self) -> None:
        """Begin checkpointing in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Take one last checkpoint and end the thread; safe to call twice."""
        self._stopped.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while not self._stopped.wait(self._interval):
                connection = connection or self._connect()
                if connection is not None:
                    _checkpoint(connection)
            if connection is not None:
                _checkpoint(connection)
        finally:
            if connection is not None:
                connection.close()

    def _connect(self) -> sqlite3.Connection | None:
        """A connection to the existing file, or ``None`` while there is none to open."""
        # mode=rw: never create the file; the engine's first connection does that.
        uri = f"file:{quote(self._path)}?mode=rw"
        try:
            # A PASSIVE checkpoint never waits for a lock, so no busy timeout is needed.
            return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return None


def _checkpoint(connection: sqlite3.Connection) -> None:
    try:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        # The file went away (a test's temporary directory) or is busy: the next round
        # tries again, and the log only grows meanwhile.
        return
