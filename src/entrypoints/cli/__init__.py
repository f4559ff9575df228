"""The ``decision-tree`` command line: serving the API and running batch jobs.

One cyclopts ``App``; each module here adds its subcommands to it. The
commands parse arguments, call the same use cases the HTTP API calls, and
print; rules and SQL live in ``decision_core`` and ``adapters``.
"""

from __future__ import annotations

from entrypoints.cli import (  # noqa: F401 - importing a module registers its subcommands
    accounts,
    maintenance,
    migrate,
    trees,
)
from entrypoints.cli.app import app
from entrypoints.cli.serve import serve

__all__ = ["app", "main", "serve"]


def main() -> None:
    """Run the command line; the process exits with the command's status."""
    app()
