"""The per-process cache of parsed tree versions (no database: the cache alone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from adapters.sqlalchemy.fast_path.parsed_versions import VersionCache
from decision_core.trees.catalogue import TreeVersion
from decision_core.trees.document import TreeDocument

WRITTEN = datetime(2026, 1, 1, tzinfo=UTC)


def version(number: int, written: datetime = WRITTEN) -> TreeVersion:
    """A version of a new tree, with an empty document (the cache never looks inside)."""
    return TreeVersion(uuid4(), number, TreeDocument(start="s", nodes=()), written, None)


def test_a_version_is_found_only_under_its_own_stamp() -> None:
    """The same tree and number written at another time (a rolled-back write) is a miss."""
    cache = VersionCache()
    kept = version(1)
    cache.put(kept)
    assert cache.get((kept.tree_id, 1, WRITTEN)) is kept
    assert cache.get((kept.tree_id, 1, WRITTEN + timedelta(microseconds=1))) is None
    assert cache.get((kept.tree_id, 2, WRITTEN)) is None


def test_the_least_recently_used_version_goes_first() -> None:
    """A read refreshes a version, so the one neither read nor written lately is dropped."""
    cache = VersionCache(capacity=2)
    first, second, third = version(1), version(2), version(3)
    cache.put(first)
    cache.put(second)
    assert cache.get((first.tree_id, 1, WRITTEN)) is first
    cache.put(third)
    assert cache.get((second.tree_id, 2, WRITTEN)) is None
    assert cache.get((first.tree_id, 1, WRITTEN)) is first
    assert cache.get((third.tree_id, 3, WRITTEN)) is third
