"""Parsed tree versions, kept per process: a walk step needs its version's document.

Parsing a stored document into a :class:`TreeDocument` costs more than reading
it. Versions are immutable once written, so a parse can be reused for as long
as the very same row is asked for again. The key includes the row's
``created_at`` (read with one cheap indexed query), so a version written in a
transaction that rolled back, and later written again for real, can never be
answered from a stale parse.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Final, TypeAlias
from uuid import UUID

from decision_core.trees.catalogue import TreeVersion

# Enough for every version a busy account walks; a parsed demo tree is a few kB.
DEFAULT_CAPACITY: Final = 512

VersionStamp: TypeAlias = tuple[UUID, int, datetime]


class VersionCache:
    """A small thread-safe LRU of parsed versions, keyed by (tree id, version, created_at)."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        """Keep at most ``capacity`` versions, dropping the least recently used."""
        self._capacity = capacity
        self._versions: OrderedDict[VersionStamp, TreeVersion] = OrderedDict()
        # Request handlers run in a thread pool; OrderedDict's reordering is not atomic.
        self._lock = threading.Lock()

    def get(self, stamp: VersionStamp) -> TreeVersion | None:
        """The parsed version with exactly this stamp, if kept."""
        with self._lock:
            version = self._versions.get(stamp)
            if version is not None:
                self._versions.move_to_end(stamp)
            return version

    def put(self, version: TreeVersion) -> None:
        """Keep ``version`` under its own stamp."""
        stamp = (version.tree_id, version.version, version.created_at)
        with self._lock:
            self._versions[stamp] = version
            self._versions.move_to_end(stamp)
            while len(self._versions) > self._capacity:
                self._versions.popitem(last=False)


PARSED_VERSIONS: Final = VersionCache()
