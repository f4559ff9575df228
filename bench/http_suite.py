"""The throughput half of the suite: the bare app and ours, side by side.

One bare server runs throughout. Ours is served on a SQLite database (the
refresh, me, search, walk-step and sign-in scenarios) and then on a
PostgreSQL scratch schema (refresh); each database is made ready before its
server starts, and everything is gone when the block ends.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from pathlib import Path
from typing import Final

import attrs

from adapters.passwords_argon2 import Argon2Hasher
from bench.http_scenarios import (
    Comparison,
    Options,
    compare,
    line_files,
    login_calls,
    me_calls,
    refresh_calls,
    search_calls,
    walk_calls,
)
from bench.scratch import scratch_database
from bench.server_database import ServedDatabase, served_database
from bench.servers import BARE_FACTORY, OUR_FACTORY, Server, free_port, running, serve_command

HTTP_TREES: Final = 1_000  # the catalogue the search and walk scenarios run against
ARGON2_SAMPLES: Final = 25


@attrs.frozen
class HttpFigures:
    """Every comparison by name; the sign-in's carries a raw password check per pair."""

    comparisons: dict[str, Comparison]

    @property
    def login_per_second(self) -> float:
        """Median sign-ins per second of ours."""
        return self.comparisons["login"].ours_rps

    @property
    def argon2_verify_ms(self) -> float:
        """Median of the raw password checks, one measured around each sign-in run."""
        return statistics.median(self.comparisons["login"].references)

    @property
    def login_overhead(self) -> float:
        """What a sign-in costs beyond its password check, as a fraction of that check.

        The median over the pairs of each run's overhead against the check
        measured around it: argon2's speed drifts with the machine's memory
        traffic, by more than the overhead's margin within minutes.
        """
        return statistics.median(self.login_overheads)

    @property
    def login_overheads(self) -> tuple[float, ...]:
        """Each sign-in run's overhead against the raw check measured around it."""
        login = self.comparisons["login"]
        return tuple(
            (1000 / run.requests_per_second - verify_ms) / verify_ms
            for run, verify_ms in zip(login.ours, login.references, strict=True)
        )


def run_http_suite(options: Options, postgres_url: str, log_dir: Path) -> HttpFigures:
    """Every throughput comparison; around each sign-in run, a raw argon2 check on its core."""
    comparisons: dict[str, Comparison] = {}
    with line_files() as write, _server("bare", BARE_FACTORY, {}, options, log_dir) as bare:
        with (
            scratch_database("sqlite", postgres_url) as url,
            served_database(url, trees=HTTP_TREES) as db,
            _our_server("ours-sqlite", db, options, log_dir) as ours,
        ):
            scenarios = {
                "refresh_sqlite": refresh_calls(db, ours, write),
                "me": me_calls(db, ours),
                "walk_step": walk_calls(db, ours, write),
                "search": search_calls(db, ours),
            }
            for name, calls in scenarios.items():
                comparisons[name] = compare(name, bare, ours, calls, options)
            comparisons["login"] = compare(
                "login",
                bare,
                ours,
                login_calls(db, ours),
                options,
                reference=partial(_argon2_verify_ms, db, options),
            )
        with (
            scratch_database("postgres", postgres_url) as url,
            served_database(url, trees=HTTP_TREES) as db,
            _our_server("ours-postgres", db, options, log_dir) as ours,
        ):
            calls = refresh_calls(db, ours, write)
            comparisons["refresh_postgres"] = compare(
                "refresh_postgres", bare, ours, calls, options
            )
    return HttpFigures(comparisons)


@contextmanager
def _server(
    name: str, factory: str, environment: dict[str, str], options: Options, log_dir: Path
) -> Iterator[Server]:
    port = free_port()
    command = options.cores.pinned(options.cores.server, serve_command(factory, port))
    ready_path = "/health" if factory == OUR_FACTORY else "/"
    with running(
        name, command, ready_path=ready_path, port=port, environment=environment, log_dir=log_dir
    ) as server:
        yield server


def _our_server(
    name: str, db: ServedDatabase, options: Options, log_dir: Path
) -> AbstractContextManager[Server]:
    return _server(name, OUR_FACTORY, db.environment, options, log_dir)


def _argon2_verify_ms(db: ServedDatabase, options: Options) -> float:
    """One raw argon2 verify of the member's password at the server's parameters.

    Measured in this process, pinned to the server's core, with the hasher
    the server uses: the floor a sign-in cannot go below.
    """
    hasher = Argon2Hasher(db.settings.argon2)
    allowed = os.sched_getaffinity(0)
    if options.cores.server is not None:
        os.sched_setaffinity(0, {options.cores.server})
    try:
        timings = []
        for _ in range(ARGON2_SAMPLES):
            started = time.perf_counter()
            if not hasher.verify(db.member.password_hash, db.password):
                msg = "the member's password does not verify"
                raise RuntimeError(msg)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        os.sched_setaffinity(0, allowed)
    return statistics.median(timings)
