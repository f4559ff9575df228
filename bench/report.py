"""The printed table and ``bench-results.json``, built from the same figures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

import attrs

from bench.http_scenarios import Comparison
from bench.http_suite import HttpFigures

# The targets on this 2-core machine; a figure is "ok" when it meets its target.
TARGETS: Final = {
    "refresh_sqlite": 0.14,
    "refresh_postgres": 0.10,
    "me": 0.40,
    "walk_step": 0.12,
}
LOGIN_OVERHEAD_TARGET: Final = 0.10
BULK_REVOKE_TARGET_S: Final = 1.0
SEARCH_P95_TARGET_MS: Final = 50.0
LABELS: Final = {
    "refresh_sqlite": "POST /auth/refresh, SQLite",
    "refresh_postgres": "POST /auth/refresh, PostgreSQL",
    "me": "GET /auth/me",
    "walk_step": "PUT /sessions/{id} (walk step)",
    "search": "GET /trees/search (1,000 trees)",
    "login": "POST /auth/login/json",
}


@attrs.frozen
class Results:
    """Everything one run measured, and where."""

    http: HttpFigures
    bulk_revoke_seconds: Mapping[str, Mapping[int, float]]  # by database, then size
    search_ms: Mapping[str, Mapping[int, tuple[float, float]]]  # (p50, p95) by database, size
    machine: Mapping[str, Any]
    options: Mapping[str, Any]
    finished_at: datetime = attrs.field(factory=lambda: datetime.now(UTC))


def table(results: Results) -> str:
    """The one table: throughput against the bare app, then the scaling figures."""
    machine = results.machine
    title = f"decision-tree benchmark, {results.finished_at:%Y-%m-%d %H:%M} UTC"
    header = f"{'endpoint':<34}{'bare r/s':>10}{'ours r/s':>10}{'ratio':>8}{'target':>9}"
    lines = [
        f"{title}, {machine['cpu_count']} cores ({machine['cpu_model']})",
        "",
        f"{header}{'non-2xx':>9}",
    ]
    for name, comparison in results.http.comparisons.items():
        lines.append(_comparison_line(name, comparison))
    http = results.http
    verdict = _verdict(http.login_overhead < LOGIN_OVERHEAD_TARGET)
    lines += [
        "",
        (
            f"sign-in: {http.login_per_second:.1f}/s, {1000 / http.login_per_second:.1f} ms each;"
            f" raw argon2 verify {http.argon2_verify_ms:.1f} ms; app overhead"
            f" {http.login_overhead:+.1%} (target < {LOGIN_OVERHEAD_TARGET:.0%}) {verdict}"
        ),
        "  overhead by pair, each against the raw verifies sampled during it: "
        + ", ".join(f"{overhead:+.1%}" for overhead in http.login_overheads),
        "",
        _scaling_header("bulk revoke, seconds", results.bulk_revoke_seconds),
    ]
    for database, seconds in results.bulk_revoke_seconds.items():
        lines.append(f"{'  ' + database:<34}" + "".join(f"{s:>10.3f}" for s in seconds.values()))
    lines += ["", _scaling_header("tree search p95 (p50), ms", results.search_ms)]
    for database, latencies in results.search_ms.items():
        cells = "".join(f"{f'{p95:.1f} ({p50:.1f})':>16}" for p50, p95 in latencies.values())
        lines.append(f"{'  ' + database:<34}" + cells)
    lines += ["", _scaling_targets(results)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _scaling_targets(results: Results) -> str:
    revoke = results.bulk_revoke_seconds.get("postgres", {}).get(100_000)
    search = results.search_ms.get("postgres", {}).get(100_000)
    revoke_verdict = "not run" if revoke is None else _verdict(revoke < BULK_REVOKE_TARGET_S)
    search_verdict = "not run" if search is None else _verdict(search[1] < SEARCH_P95_TARGET_MS)
    return (
        f"targets: bulk revoke of 100,000 on PostgreSQL < {BULK_REVOKE_TARGET_S:g} s"
        f" {revoke_verdict}; search p95 at 100,000 trees on PostgreSQL"
        f" < {SEARCH_P95_TARGET_MS:g} ms {search_verdict}"
    )


def _comparison_line(name: str, comparison: Comparison) -> str:
    target = TARGETS.get(name)
    target_cell = "" if target is None else f">= {target:.2f}"
    verdict = "" if target is None else _verdict(comparison.ratio >= target)
    exhausted = (
        f"  ({comparison.exhausted_runs} runs ran out of tokens: rate too low)"
        if comparison.exhausted_runs
        else ""
    )
    return (
        f"{LABELS.get(name, name):<34}{comparison.bare_rps:>10.0f}{comparison.ours_rps:>10.1f}"
        f"{comparison.ratio:>8.3f}{target_cell:>9}{comparison.non_2xx:>9}  {verdict}{exhausted}"
    )


def _scaling_header(title: str, figures: Mapping[str, Mapping[int, Any]]) -> str:
    sizes = sorted({size for by_size in figures.values() for size in by_size})
    width = 16 if "search" in title else 10
    return f"{title:<34}" + "".join(f"{size:>{width},}" for size in sizes)


def _verdict(met: bool) -> str:  # noqa: FBT001 - a yes/no turned into a word
    return "ok" if met else "MISSED"


def results_json(results: Results) -> dict[str, Any]:
    """``bench-results.json``: the issue's keys, then the raw figures behind them."""
    http = results.http
    comparisons = http.comparisons

    def by_size(figures: Mapping[int, float]) -> dict[str, float]:
        return {str(size): round(value, 4) for size, value in figures.items()}

    return {
        "refresh_vs_bare_sqlite": round(comparisons["refresh_sqlite"].ratio, 4),
        "refresh_vs_bare_postgres": round(comparisons["refresh_postgres"].ratio, 4),
        "me_vs_bare": round(comparisons["me"].ratio, 4),
        "walk_step_vs_bare": round(comparisons["walk_step"].ratio, 4),
        "search_vs_bare": round(comparisons["search"].ratio, 4),
        "login_per_second": round(http.login_per_second, 2),
        "login_overhead_vs_argon2_verify": round(http.login_overhead, 4),
        "argon2_verify_ms": round(http.argon2_verify_ms, 2),
        "login_overheads_by_pair": [round(o, 4) for o in http.login_overheads],
        "argon2_verify_ms_by_pair": [round(ms, 2) for ms in comparisons["login"].references],
        "bulk_revoke_seconds_postgres": by_size(results.bulk_revoke_seconds["postgres"]),
        "bulk_revoke_seconds_sqlite": by_size(results.bulk_revoke_seconds["sqlite"]),
        "search_p95_ms_postgres": by_size(
            {s: v[1] for s, v in results.search_ms["postgres"].items()}
        ),
        "search_p95_ms_sqlite": by_size({s: v[1] for s, v in results.search_ms["sqlite"].items()}),
        "search_p50_ms_postgres": by_size(
            {s: v[0] for s, v in results.search_ms["postgres"].items()}
        ),
        "search_p50_ms_sqlite": by_size({s: v[0] for s, v in results.search_ms["sqlite"].items()}),
        "requests_per_second": {name: _raw(c) for name, c in comparisons.items()},
        "targets": {
            **{f"{name}_vs_bare": target for name, target in TARGETS.items()},
            "login_overhead_below": LOGIN_OVERHEAD_TARGET,
            "bulk_revoke_100000_postgres_seconds_below": BULK_REVOKE_TARGET_S,
            "search_p95_100000_postgres_ms_below": SEARCH_P95_TARGET_MS,
        },
        "cpu_count": results.machine["cpu_count"],
        "cpu_model": results.machine["cpu_model"],
        "versions": results.machine["versions"],
        "options": dict(results.options),
        "date": results.finished_at.isoformat(timespec="seconds"),
    }


def _raw(comparison: Comparison) -> dict[str, Any]:
    return {
        "bare_median": round(comparison.bare_rps, 1),
        "ours_median": round(comparison.ours_rps, 1),
        "ratio": round(comparison.ratio, 4),
        "bare_runs": [round(r.requests_per_second, 1) for r in comparison.bare],
        "ours_runs": [round(r.requests_per_second, 1) for r in comparison.ours],
        "ours_p50_ms": [r.p50_ms for r in comparison.ours],
        "ours_p99_ms": [r.p99_ms for r in comparison.ours],
        "ours_requests": [r.requests for r in comparison.ours],
        "ours_non_2xx": comparison.non_2xx,
        "ours_runs_that_used_every_token": comparison.exhausted_runs,
    }
