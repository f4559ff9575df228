"""Where the benchmark finds PostgreSQL, and the scaling benchmarks' own command line.

PostgreSQL is the integration tests' server unless DECISION_TREE_TEST_POSTGRES_URL says otherwise.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import Final

DEFAULT_POSTGRES_URL: Final = os.environ.get(
    "DECISION_TREE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def scaling_arguments(
    description: str, sizes: Sequence[int], argv: Sequence[str] | None
) -> tuple[list[int], list[str], str]:
    """The command line a scaling benchmark run alone takes: sizes, databases, PostgreSQL URL."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(sizes))
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    return args.sizes, databases, args.postgres_url
