# ruff: noqa: INP001 - a stand-alone script, not part of any package
"""Time full-text tree search over N trees of one account on SQLite and PostgreSQL.

Usage::

    uv run python scripts/bench_tree_search.py --trees 10000 [--database sqlite|postgres|both]

Each database is a throwaway (a temporary SQLite file, or a scratch schema of
the server at ``--postgres-url``). N trees with generated help-desk text are
stored through the repository, as the application stores them; then 100
searches of common words run, each in its own unit of work, and the p50 and
p95 latencies are printed per database.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from scratch_database import scratch_database
from sqlalchemy import Engine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_database_engine, upgrade_to_head
from decision_core.identity import Account
from decision_core.policy import PolicyOverrides
from decision_core.trees.catalogue import Tree, TreeStatus, TreeVersion
from decision_core.trees.document import Answer, Node, NodeKind, TreeDocument

DEFAULT_POSTGRES_URL = os.environ.get(
    "DECISION_TREE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
BATCH = 500
SEARCHES = 100
DEVICES = ["printer", "router", "laptop", "monitor", "scanner", "phone", "server", "switch"]
SYMPTOMS = ["offline", "slow", "overheating", "crashing", "noisy", "frozen", "blank", "jammed"]
WORDS = [
    "check", "cable", "power", "restart", "network", "driver", "update", "firmware",
    "password", "reset", "light", "screen", "battery", "fan", "toner", "paper",
    "settings", "connection", "wireless", "error", "message", "login", "account", "disk",
]  # fmt: skip
QUERIES = [*DEVICES, *SYMPTOMS, "restart", "firmware update", "cable", "password reset"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark on the chosen databases and print one line per database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    sys.stdout.write(f"{'database':<10}{'trees':>8}{'seed s':>9}{'p50 ms':>9}{'p95 ms':>9}\n")
    for database in databases:
        with scratch_database(database, args.postgres_url) as url:
            seed_seconds, p50, p95 = benchmark(url, args.trees)
        sys.stdout.write(
            f"{database:<10}{args.trees:>8}{seed_seconds:>9.1f}{p50:>9.2f}{p95:>9.2f}\n"
        )
    return 0


def benchmark(url: str, trees: int) -> tuple[float, float, float]:
    """Migrate, seed ``trees`` trees, and time the searches: (seed s, p50 ms, p95 ms)."""
    upgrade_to_head(url)
    engine = create_database_engine(url)
    try:
        started = time.perf_counter()
        account_id = seed(engine, trees)
        seed_seconds = time.perf_counter() - started
        timings = []
        for i in range(SEARCHES):
            query = QUERIES[i % len(QUERIES)]
            started = time.perf_counter()
            with SqlAlchemyUnitOfWork(engine) as uow:
                uow.trees.search(account_id, query, 20, published_only=False)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        engine.dispose()
    cuts = statistics.quantiles(timings, n=100)
    return seed_seconds, statistics.median(timings), cuts[94]


def seed(engine: Engine, trees: int) -> UUID:
    """One account with ``trees`` trees of generated text, stored through the repository."""
    rng = random.Random(7)  # noqa: S311 - sample text, not secrets
    account = Account(uuid4(), "Bench", NOW, PolicyOverrides())
    author = uuid4()
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.accounts.add(account)
        uow.commit()
    for start in range(0, trees, BATCH):
        with SqlAlchemyUnitOfWork(engine) as uow:
            for n in range(start, min(start + BATCH, trees)):
                tree, version = a_tree(rng, account.id, author, n)
                uow.trees.add(tree)
                uow.trees.add_version(version)
            uow.commit()
    return account.id


def a_tree(rng: random.Random, account_id: UUID, author: UUID, n: int) -> tuple[Tree, TreeVersion]:
    """A realistic-looking tree: a device and symptom, a few questions and fixes."""
    device, symptom = rng.choice(DEVICES), rng.choice(SYMPTOMS)

    def sentence(length: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."

    tree = Tree(
        id=uuid4(),
        account_id=account_id,
        title=f"{device.capitalize()} {symptom} #{n}",
        description=sentence(12),
        category=rng.choice(["Hardware", "Network", "Accounts", "Software"]),
        tags=(device, symptom, rng.choice(WORDS)),
        status=TreeStatus.PUBLISHED,
        version=1,
        created_by=author,
        created_at=NOW - timedelta(days=1),
        updated_at=NOW - timedelta(seconds=n),
    )
    ends = tuple(Node(f"s{i}", NodeKind.SOLUTION, sentence(10)) for i in range(3))
    answers = tuple(Answer(f"a{i}", sentence(2), end.id) for i, end in enumerate(ends))
    document = TreeDocument("q", (Node("q", NodeKind.QUESTION, sentence(15), answers), *ends))
    return tree, TreeVersion(tree.id, 1, document, NOW, author)


if __name__ == "__main__":
    sys.exit(main())
