"""Where the benchmark finds PostgreSQL: the integration tests' server by default."""

from __future__ import annotations

import os
from typing import Final

DEFAULT_POSTGRES_URL: Final = os.environ.get(
    "DECISION_TREE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
