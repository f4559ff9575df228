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
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Final

import attrs

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
# The sign-in's figure has the least margin and the noisiest floor (argon2's speed drifts
# run to run by a few percent even sampled during the run): more pairs for its median.
LOGIN_PAIRS: Final = 5


def login_pairs(options: Options) -> int:
    """How many pairs the sign-in runs: ``options.pairs``, but at least ``LOGIN_PAIRS``."""
    return max(options.pairs, LOGIN_PAIRS)


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
        """Median over the pairs of the raw password checks sampled during each sign-in run."""
        return statistics.median(self.comparisons["login"].references)

    @property
    def login_overhead(self) -> float:
        """What a sign-in costs beyond its password check, as a fraction of that check.

        The median over the pairs of each run's overhead against the checks
        sampled during it: argon2's speed drifts with the machine's memory
        traffic, by more than the overhead's margin within seconds.
        """
        return statistics.median(self.login_overheads)

    @property
    def login_overheads(self) -> tuple[float, ...]:
        """Each sign-in run's overhead against the raw checks sampled during it."""
        login = self.comparisons["login"]
        return tuple(
            (1000 / run.requests_per_second - verify_ms) / verify_ms
            for run, verify_ms in zip(login.ours, login.references, strict=True)
        )


def run_http_suite(options: Options, postgres_url: str, log_dir: Path) -> HttpFigures:
    """Every throughput comparison; during each sign-in run, raw argon2 checks on its core."""
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
                reference=_raw_verifies(db, options),
                pairs=login_pairs(options),
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


def _raw_verifies(db: ServedDatabase, options: Options) -> Callable[[int], list[float]]:
    """Timings of raw argon2 verifies of the member's password, in ms, on the server's core.

    argon2-cffi's own verify at the server's parameters, with nothing of ours
    around it: the floor a sign-in cannot go below. Each batch runs on one
    thread of its own, as the server's hashes do on the hasher's thread (a
    thread's malloc arena holds argon2's memory between verifies; the main
    thread ran 1% slower in an interleaved trial), timed verify by verify.
    """
    raw = db.settings.argon2.password_hasher()
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-argon2")

    def timed(count: int) -> list[float]:
        if options.cores.server is not None:
            os.sched_setaffinity(0, {options.cores.server})  # 0: this thread only
        timings = []
        for _ in range(count):
            started = time.perf_counter()
            raw.verify(db.member.password_hash, db.password)  # raises if it does not match
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    return lambda count: thread.submit(timed, count).result()
