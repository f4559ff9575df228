"""What every batch subcommand shares: its runtime, one-line errors, exit statuses.

A subcommand's body is a function of :class:`~decision_core.usecases.context.Services`
returning an exit status. :func:`run_job` runs it against the runtime its
``open_runtime`` opens and turns every expected failure into one line on stderr
and a non-zero status, never a traceback. Commands receive ``open_runtime`` from
the launcher (:func:`entrypoints.cli.run`), as a handler of the HTTP app receives
its services: production passes :func:`runtime_from_settings`, the one place that
builds it (the server's settings loader and composition root, the schema migrated
first), and a test passes in-memory services or a wrapper that fails on cue.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Final

from cyclopts import Parameter

from decision_core.errors import DomainError
from decision_core.settings import InvalidSettings
from decision_core.usecases.context import Services
from entrypoints.bootstrap import DatabaseNotReady, Runtime, build_runtime, prepare_database
from entrypoints.settings import load_settings

PROGRAM: Final = "decision-tree"
FAILED: Final = 1
# The shell's convention for "stopped by SIGINT" (128 + 2).
INTERRUPTED: Final = 130


OpenRuntime = Callable[[], Runtime]
# How a command asks for its runtime: cyclopts leaves the parameter out of parsing and
# help (parse=False), and the launcher passes it in.
JobRuntime = Annotated[OpenRuntime, Parameter(parse=False)]


class CommandError(Exception):
    """A failure the command explains in one line (a bad file, an unknown account)."""


def say(message: str) -> None:
    """One line for the operator on stderr, so stdout stays clean for piped output."""
    sys.stderr.write(f"{PROGRAM}: {message}\n")


def runtime_from_settings() -> Runtime:
    """The production runtime: the server's settings, its database migrated, its services."""
    settings = load_settings()
    prepare_database(settings)
    return build_runtime(settings)


def run_job(body: Callable[[Services], int], open_runtime: OpenRuntime) -> int:
    """Run ``body`` against the runtime ``open_runtime`` opens; return the exit status."""
    return run_with_runtime(lambda runtime: body(runtime.services), open_runtime)


def run_with_runtime(body: Callable[[Runtime], int], open_runtime: OpenRuntime) -> int:
    """:func:`run_job` for a body that needs more of the runtime than its services (a mailer)."""
    try:
        runtime = open_runtime()
    except (InvalidSettings, DatabaseNotReady) as exc:
        say(f"error: {exc}")
        return FAILED
    try:
        return body(runtime)
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
