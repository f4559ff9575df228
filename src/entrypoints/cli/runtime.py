"""What every batch subcommand shares: settings, a migrated database, the services, one-line errors.

A subcommand's body is a function of :class:`~decision_core.usecases.context.Services`
returning an exit status; :func:`run_job` builds the services the same way the
server does (the same settings loader, the same composition root, the schema
migrated first) and turns every expected failure into one line on stderr and a
non-zero status, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Final

from decision_core.errors import DomainError
from decision_core.settings import InvalidSettings
from decision_core.usecases.context import Services
from entrypoints.bootstrap import DatabaseNotReady, build_runtime, prepare_database
from entrypoints.settings import load_settings

PROGRAM: Final = "decision-tree"
FAILED: Final = 1
# The shell's convention for "stopped by SIGINT" (128 + 2).
INTERRUPTED: Final = 130


class CommandError(Exception):
    """A failure the command explains in one line (a bad file, an unknown account)."""


def say(message: str) -> None:
    """One line for the operator on stderr, so stdout stays clean for piped output."""
    sys.stderr.write(f"{PROGRAM}: {message}\n")


def run_job(body: Callable[[Services], int]) -> int:
    """Run ``body`` against the configured database; return the process's exit status."""
    try:
        settings = load_settings()
        prepare_database(settings)
        runtime = build_runtime(settings)
    except (InvalidSettings, DatabaseNotReady) as exc:
        say(f"error: {exc}")
        return FAILED
    try:
        return body(runtime.services)
    except KeyboardInterrupt:
        say("interrupted: every finished batch is kept; running the command again is safe")
        return INTERRUPTED
    except (CommandError, DomainError) as exc:
        say(f"error: {exc}")
        return FAILED
    except runtime.unavailable_errors as exc:
        say(f"error: the database cannot be reached: {_first_line(exc)}")
        return FAILED
    finally:
        runtime.close()


def _first_line(exc: BaseException) -> str:
    # Driver errors quote SQL and parameters on later lines; the first names the cause.
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
