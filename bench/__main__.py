"""``python -m bench``: the whole suite, one table on stdout, ``bench-results.json``.

Needs wrk on the PATH and PostgreSQL at ``--postgres-url`` (default: the
integration tests' ``DECISION_TREE_TEST_POSTGRES_URL``). Everything runs on
127.0.0.1 and every scratch database and server is removed at the end,
on failure and on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from bench import bulk_revoke, tree_search
from bench.http_scenarios import Options
from bench.http_suite import login_pairs, run_http_suite
from bench.load import LoadError, wrk_path
from bench.machine import cpu_count, cpu_model, versions
from bench.report import Results, results_json, table
from bench.scratch import postgres_reachable, scratch_database
from bench.servers import Cores
from bench.settings import DEFAULT_POSTGRES_URL

DATABASES = ("sqlite", "postgres")


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark; 0 when all ran (targets missed or not), 1 on an error."""
    args = _parser().parse_args(argv)
    # SIGTERM unwinds like Ctrl-C; and Ctrl-C works even where a parent shell ignores it.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        wrk_path()
    except LoadError as exc:
        sys.stderr.write(f"bench: {exc}\n")
        return 1
    unreachable = postgres_reachable(args.postgres_url)
    if unreachable is not None:
        sys.stderr.write(f"bench: PostgreSQL at --postgres-url is unreachable: {unreachable}\n")
        return 1
    log_dir = Path(tempfile.mkdtemp(prefix="dt-bench-logs-"))
    try:
        results = _run(args, log_dir)
    except (RuntimeError, LoadError, OSError) as exc:
        sys.stderr.write(f"bench: {exc} (server logs kept in {log_dir})\n")
        return 1
    except KeyboardInterrupt:
        shutil.rmtree(log_dir, ignore_errors=True)
        sys.stderr.write("bench: interrupted; scratch databases and servers are gone\n")
        return 130
    except BaseException:
        sys.stderr.write(f"bench: failed; server logs kept in {log_dir}\n")
        raise
    shutil.rmtree(log_dir, ignore_errors=True)
    sys.stdout.write(table(results))
    args.output.write_text(json.dumps(results_json(results), indent=2) + "\n")
    sys.stdout.write(f"\nwrote {args.output}\n")
    return 0


def _run(args: argparse.Namespace, log_dir: Path) -> Results:
    started = time.monotonic()
    # Other work on the machine skews every figure; the load average shows if there was any.
    load_before = os.getloadavg()
    cores = Cores.plan()
    quick = args.quick
    options = Options(
        seconds=2 if quick else args.seconds,
        pairs=args.pairs,
        warm_up_seconds=1 if quick else args.warm_up,
        cores=cores,
    )
    _say(f"throughput: {options.pairs} pairs of {options.seconds:g} s runs, cores {cores}")
    http = run_http_suite(options, args.postgres_url, log_dir)
    revoke_sizes = bulk_revoke.SIZES[:2] if quick else bulk_revoke.SIZES
    search_sizes = tree_search.SIZES[:2] if quick else tree_search.SIZES
    revoke, search = {}, {}
    for database in DATABASES:
        _say(f"bulk revocation on {database}: {', '.join(f'{s:,}' for s in revoke_sizes)}")
        with scratch_database(database, args.postgres_url) as url:
            revoke[database] = bulk_revoke.bulk_revoke_seconds(url, revoke_sizes)
        _say(f"tree search on {database}: {', '.join(f'{s:,}' for s in search_sizes)} trees")
        with scratch_database(database, args.postgres_url) as url:
            search[database] = tree_search.search_latencies_ms(url, search_sizes)
    machine = {
        "cpu_count": cpu_count(),
        "cpu_model": cpu_model(),
        "versions": versions(args.postgres_url),
    }
    run_options = {
        "seconds_per_run": options.seconds,
        "pairs": options.pairs,
        "login_pairs": login_pairs(options),
        "warm_up_seconds": options.warm_up_seconds,
        "connections": 32,
        "wrk_threads": 1,
        "server_core": cores.server,
        "load_core": cores.load,
        "quick": quick,
        "pairs_repeated_as_disturbed": options.baseline.repeated_pairs,
        "total_seconds": round(time.monotonic() - started, 1),
        "load_average_before": [round(n, 2) for n in load_before],
        "load_average_after": [round(n, 2) for n in os.getloadavg()],
    }
    return Results(http, revoke, search, machine, run_options)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each measured run")
    parser.add_argument("--pairs", type=int, default=3, help="bare/ours run pairs per endpoint")
    parser.add_argument("--warm-up", type=float, default=2.0, help="warm-up run length, seconds")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--output", type=Path, default=Path("bench-results.json"))
    parser.add_argument(
        "--quick", action="store_true", help="short runs and the two smallest sizes: a smoke test"
    )
    return parser


def _say(message: str) -> None:
    sys.stderr.write(f"bench: {message}\n")
    sys.stderr.flush()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Raise KeyboardInterrupt, so that every ``finally`` cleans up."""
    del signum, frame
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
