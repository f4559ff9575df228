"""Server time of the library's search as you type: one partial update per keystroke.

``python -m bench.library_search [--sizes 1000] [--database sqlite|postgres|both]``

The whole app in process (Litestar's TestClient: no network, no browser), on
a throw-away database whose one account holds the generated trees of
``bench.tree_seeding``. The owner signs in through ``/login``; then every
prefix of a few queries is sent as the search box sends it after its 250 ms
pause (``GET /?q=...`` with ``HX-Request`` and ``HX-Target: library-results``),
and the time from request to the whole response is kept: the session
cookie check, the search use case and the rendering of the results part.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Final

from litestar import Litestar
from litestar.status_codes import HTTP_303_SEE_OTHER
from litestar.testing import TestClient
from sqlalchemy import text

import entrypoints.http  # the web package is imported through the app
from adapters.passwords_argon2 import Argon2Parameters
from adapters.sqlalchemy import create_database_engine
from bench.scratch import scratch_database
from bench.settings import scaling_arguments
from bench.tree_seeding import seed_trees
from decision_core.usecases.registration import Registration, register
from entrypoints.bootstrap import build_runtime, prepare_database
from entrypoints.settings import ServerSettings
from entrypoints.web import WebConfig

SIZES: Final = (1_000,)
SECRET: Final = "bench-library-search-" + "s" * 40
EMAIL: Final = "owner@example.com"
PASSWORD: Final = "correct horse battery"  # noqa: S105 - a throw-away account's
# What a technician types; each prefix of two letters or more is one keystroke's request.
TYPED: Final = ("printer offline", "router", "password reset", "laptop slow", "firmware")
ROUNDS: Final = 5
PARTIAL: Final = {"HX-Request": "true", "HX-Target": "library-results"}
_CSRF_FIELD: Final = re.compile(r'name="_csrf_token" value="(?P<token>[0-9a-f]+)"')


def keystroke_latencies_ms(url: str, size: int) -> tuple[float, float, int]:
    """(p50, p95, requests) in milliseconds for one keystroke's partial update."""
    settings = ServerSettings(
        database_url=url, secret_key=SECRET, argon2=Argon2Parameters.cheapest()
    )
    prepare_database(settings)
    runtime = build_runtime(settings)
    try:
        owner = register(runtime.services, Registration(EMAIL, PASSWORD, "Owner"))
        engine = create_database_engine(url)
        seed_trees(engine, owner.account_id, owner.id, range(size), datetime.now(UTC))
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        engine.dispose()
        app = entrypoints.http.create_app(
            runtime.services, web=WebConfig.from_signing_secret(SECRET, secure_cookies=False)
        )
        with TestClient(app=app) as client:
            _sign_in(client)
            return _time_keystrokes(client)
    finally:
        runtime.close()


def _sign_in(client: TestClient[Litestar]) -> None:
    found = _CSRF_FIELD.search(client.get("/login").text)
    if found is None:
        msg = "the sign-in page carries no CSRF token"
        raise RuntimeError(msg)
    form = {"_csrf_token": found["token"], "email": EMAIL, "password": PASSWORD}
    answer = client.post("/login", data=form, follow_redirects=False)
    if answer.status_code != HTTP_303_SEE_OTHER:
        msg = f"signing in answered {answer.status_code}"
        raise RuntimeError(msg)


def _time_keystrokes(client: TestClient[Litestar]) -> tuple[float, float, int]:
    prefixes = [words[:end] for words in TYPED for end in range(2, len(words) + 1)]
    for prefix in prefixes[:10]:  # warm up: caches, prepared statements, templates
        client.get("/", params={"q": prefix}, headers=PARTIAL)
    timings: list[float] = []
    for _ in range(ROUNDS):
        for prefix in prefixes:
            started = time.perf_counter()
            answer = client.get("/", params={"q": prefix}, headers=PARTIAL)
            timings.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
    return statistics.median(timings), statistics.quantiles(timings, n=100)[94], len(timings)


def main(argv: Sequence[str] | None = None) -> int:
    """Run on the chosen databases and print one line per database and size."""
    sizes, databases, postgres_url = scaling_arguments(__doc__.splitlines()[0], SIZES, argv)
    sys.stdout.write(f"{'database':<10}{'trees':>8}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}\n")
    for database in databases:
        for size in sizes:
            with scratch_database(database, postgres_url) as url:
                p50, p95, count = keystroke_latencies_ms(url, size)
            sys.stdout.write(f"{database:<10}{size:>8}{count:>10}{p50:>9.2f}{p95:>9.2f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
