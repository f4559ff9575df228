"""The cost of one request of a hot path, served in this process: no network, no wrk.

``python -m bench.in_process SCENARIO --database sqlite --requests 400``
builds our app as ``decision-tree serve`` does (``create_app_from_env``) on a
scratch database, warms it up, and then drives ``--requests`` genuine
requests straight through its ASGI interface, one after another on one event
loop, as uvicorn would hand them over. It prints the mean wall time and the
mean CPU time of the process per request.

Times move with whatever else the machine runs; instruction counts do not.
Run it twice under callgrind with two request counts, and the difference of
the totals divided by the difference of the counts is what one request
costs, setup and warm-up cancelled out (how docs/benchmarks.md, "What each
fast path buys", measured each trick, with the trick on and off)::

    valgrind --tool=callgrind .venv/bin/python -m bench.in_process me --requests 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from bench.scratch import scratch_database
from bench.seeding import mint_refresh_tokens
from bench.server_database import ServedDatabase, served_database
from bench.settings import DEFAULT_POSTGRES_URL
from bench.tree_seeding import start_walks
from entrypoints.http.app import create_app_from_env

SCENARIOS: Final = ("me", "refresh", "walk")
WARM_UP: Final = 50
# Cheap hashes: setting up must not take minutes under callgrind; no scenario hashes.
_CHEAP_ARGON2: Final = {"ARGON2_MEMORY_KIB": "8", "ARGON2_TIME_COST": "1"}

Request = tuple[str, str, list[tuple[bytes, bytes]], bytes]


def requests_for(scenario: str, db: ServedDatabase, count: int) -> list[Request]:
    """``count`` genuine requests of ``scenario``: method, path, headers, body."""
    bearer = (b"authorization", f"Bearer {db.access_token}".encode())
    if scenario == "me":
        return [("GET", "/api/v1/auth/me", [bearer], b"")] * count
    if scenario == "refresh":
        tokens = mint_refresh_tokens(db.engine, db.services, db.member, count)
        return [
            ("POST", "/api/v1/auth/refresh", [(b"authorization", f"Bearer {t}".encode())], b"")
            for t in tokens
        ]
    now = db.services.clock.now()
    walks = start_walks(
        db.engine, user=db.member, tree=db.tree, version=db.version, count=count, now=now
    )
    answer = json.dumps({"op": "answer", "answer_id": "a0"}).encode()
    json_body = (b"content-type", b"application/json")
    return [("PUT", f"/api/v1/sessions/{walk}", [bearer, json_body], answer) for walk in walks]


async def _serve(app: Callable[..., Any], requests: Sequence[Request]) -> list[int]:
    """Each request through the ASGI app in turn; the status of each response."""
    statuses = []
    for method, path, headers, body in requests:
        sent: list[dict[str, Any]] = []
        incoming = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive(incoming: list[dict[str, Any]] = incoming) -> dict[str, Any]:
            return incoming.pop() if incoming else {"type": "http.disconnect"}

        async def send(message: dict[str, Any], sent: list[dict[str, Any]] = sent) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"127.0.0.1"), *headers],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
        }
        await app(scope, receive, send)
        statuses.append(sent[0]["status"])
    return statuses


def run(scenario: str, database: str, count: int, postgres_url: str) -> None:
    """Serve ``count`` requests of ``scenario`` after a warm-up; print the cost of one."""
    os.environ.update(_CHEAP_ARGON2)
    with scratch_database(database, postgres_url) as url, served_database(url, trees=1) as db:
        os.environ.update(db.environment)
        app = create_app_from_env()
        warm_up = requests_for(scenario, db, WARM_UP)
        measured = requests_for(scenario, db, count)
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(_serve(app, warm_up))
            wall, cpu = time.perf_counter(), time.process_time()
            statuses = loop.run_until_complete(_serve(app, measured))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            loop.close()
    failed = [status for status in statuses if status >= 300]  # noqa: PLR2004 - not a success
    if failed:
        sys.stderr.write(f"{len(failed)} of {count} requests failed: {sorted(set(failed))}\n")
        raise SystemExit(1)
    per = 1e6 / count
    sys.stdout.write(
        f"{scenario} on {database}: {wall * per:.0f} us wall, {cpu * per:.0f} us CPU\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run one scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=SCENARIOS)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)
    run(args.scenario, args.database, args.requests, args.postgres_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
