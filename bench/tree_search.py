"""Cost growth of full-text tree search over one account of 1,000 to 100,000 trees.

``python -m bench.tree_search [--sizes 1000 10000] [--database sqlite|postgres|both]``

One throw-away database per kind grows from the smallest size to the
largest; at each size, after ANALYZE, a warm-up and then searches of common
help-desk words run through the repository, each in its own unit of work as
a request does (200 of them, or as many as fit in 10 s but at least 40),
and p50 and p95 are kept.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final
from uuid import UUID, uuid4

from sqlalchemy import Engine, text

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_database_engine, upgrade_to_head
from bench.scratch import scratch_database
from bench.settings import scaling_arguments
from bench.tree_seeding import SEARCH_QUERIES, seed_trees
from decision_core.identity import Account

SIZES: Final = (1_000, 10_000, 100_000)
SEARCHES: Final = 200
MINIMUM_SEARCHES: Final = 40  # enough for a p95 that means something
SEARCH_SECONDS: Final = 10.0
WARM_UP: Final = 10
LIMIT: Final = 50  # the API's default page of hits
NOW: Final = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def search_latencies_ms(url: str, sizes: Sequence[int]) -> dict[int, tuple[float, float]]:
    """(p50, p95) milliseconds of one search, by the number of trees in the account."""
    upgrade_to_head(url)
    engine = create_database_engine(url)
    try:
        account = Account(uuid4(), "Bench", NOW - timedelta(days=2))
        with SqlAlchemyUnitOfWork(engine) as uow:
            uow.accounts.add(account)
            uow.commit()
        latencies, seeded = {}, 0
        for size in sorted(sizes):
            seed_trees(engine, account.id, uuid4(), range(seeded, size), NOW)
            seeded = size
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
            latencies[size] = _time_searches(engine, account.id)
    finally:
        engine.dispose()
    return latencies


def _time_searches(engine: Engine, account_id: UUID) -> tuple[float, float]:
    timings: list[float] = []
    deadline = time.perf_counter() + SEARCH_SECONDS
    for i in range(WARM_UP + SEARCHES):
        if i >= WARM_UP + MINIMUM_SEARCHES and time.perf_counter() > deadline:
            break
        query = SEARCH_QUERIES[i % len(SEARCH_QUERIES)]
        started = time.perf_counter()
        with SqlAlchemyUnitOfWork(engine) as uow:
            hits = uow.trees.search(account_id, query, LIMIT, published_only=False)
        timings.append((time.perf_counter() - started) * 1000)
        if not hits:
            msg = f"searching {query!r} found nothing: the seeded search text is wrong"
            raise RuntimeError(msg)
    measured = timings[WARM_UP:]
    return statistics.median(measured), statistics.quantiles(measured, n=100)[94]


def main(argv: Sequence[str] | None = None) -> int:
    """Run on the chosen databases and print one line per database and size."""
    sizes, databases, postgres_url = scaling_arguments(__doc__.splitlines()[0], SIZES, argv)
    sys.stdout.write(f"{'database':<10}{'trees':>8}{'p50 ms':>9}{'p95 ms':>9}\n")
    for database in databases:
        with scratch_database(database, postgres_url) as url:
            latencies = search_latencies_ms(url, sizes)
        for size, (p50, p95) in latencies.items():
            sys.stdout.write(f"{database:<10}{size:>8}{p50:>9.2f}{p95:>9.2f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
