"""The ``decision-tree`` command line: serving the API and running batch jobs.

One cyclopts ``App``; each module here adds its subcommands to it. The
commands parse arguments, call the same use cases the HTTP API calls, and
print; rules and SQL live in ``decision_core`` and ``adapters``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from entrypoints.cli import (  # noqa: F401 - importing a module registers its subcommands
    accounts,
    invites,
    mail,
    maintenance,
    migrate,
    passwords,
    trees,
)
from entrypoints.cli.app import app
from entrypoints.cli.runtime import OpenRuntime, runtime_from_settings
from entrypoints.cli.serve import serve

__all__ = ["app", "main", "run", "serve"]


def run(
    tokens: Sequence[str] | None = None, *, open_runtime: OpenRuntime = runtime_from_settings
) -> int:
    """Run one command line (``sys.argv`` by default); return the command's exit status.

    A batch command's ``open_runtime`` parameter is the one cyclopts leaves out of
    parsing (``JobRuntime``); it is passed in here, as the runtime the command runs
    against. Argument errors exit with status 2 through cyclopts, as before.
    """
    command, bound, runtime_parameters = app.parse_args(tokens)
    injected = dict.fromkeys(runtime_parameters, open_runtime)
    status = command(*bound.args, **bound.kwargs, **injected)
    return 0 if status is None else int(status)


def main() -> None:
    """Run the command line against the configured database; exit with the command's status."""
    sys.exit(run())
