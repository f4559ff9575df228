"""Throughput of our hot endpoints against the bare app, interleaved run by run.

Each scenario runs a warm-up of each app, then ``pairs`` times: the bare
app, then ours, for the same duration with the same wrk settings. The
figure is the median of the per-pair ratios (ours / bare): a pair is
measured within seconds, so slow drifts of the machine cancel out.
"""

from __future__ import annotations

import math
import secrets
import statistics
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import attrs

from bench.load import LoadCall, LoadResult, run_wrk
from bench.paused_reference import PausedReference
from bench.seeding import mint_refresh_tokens
from bench.server_database import ServedDatabase
from bench.servers import Cores, Server
from bench.tree_seeding import SEARCH_QUERIES, start_walks

# Enough tokens (or walks) for the fastest run the warm-up suggests, and some.
HEADROOM: Final = 2.5
WARM_UP_LINES: Final = 3_000
MINIMUM_RATE: Final = 200.0
ATTEMPTS: Final = 4  # a run that used every token is repeated with twice as many
PAIR_ATTEMPTS: Final = 2  # a pair whose bare run was disturbed is measured once more
NOISE_FLOOR: Final = 0.7


@attrs.define
class BareBaseline:
    """The best the bare app did so far in this suite, to recognise a disturbed pair.

    The bare app does the same work in every run; when it runs far slower than
    its best, something else had the server core, and the pair is measured again.
    """

    best: float = 0.0
    repeated_pairs: int = 0

    def disturbed(self, bare: LoadResult) -> bool:
        """Whether this bare run fell below ``NOISE_FLOOR`` of the best one."""
        return bare.requests_per_second < NOISE_FLOOR * self.best

    def record(self, bare: LoadResult) -> None:
        """Remember a run the next pairs are compared with."""
        self.best = max(self.best, bare.requests_per_second)


@attrs.frozen
class Options:
    """How long and how often to load each app."""

    seconds: float
    pairs: int
    warm_up_seconds: float
    cores: Cores
    baseline: BareBaseline = attrs.field(factory=BareBaseline)


@attrs.frozen
class Comparison:
    """Interleaved runs of the bare app and of ours on one endpoint.

    ``references`` holds, for each pair, the mean of the scenario's
    reference sampled during our run (see :func:`compare`); empty without one.
    """

    name: str
    bare: tuple[LoadResult, ...]
    ours: tuple[LoadResult, ...]
    references: tuple[float, ...] = ()

    @property
    def ratio(self) -> float:
        """Median over the pairs of ours / bare requests per second."""
        return statistics.median(
            o.requests_per_second / b.requests_per_second
            for b, o in zip(self.bare, self.ours, strict=True)
        )

    @property
    def bare_rps(self) -> float:
        """Median requests per second of the bare app."""
        return statistics.median(r.requests_per_second for r in self.bare)

    @property
    def ours_rps(self) -> float:
        """Median requests per second of ours."""
        return statistics.median(r.requests_per_second for r in self.ours)

    @property
    def non_2xx(self) -> int:
        """Responses of ours that were not a success, over all measured runs."""
        return sum(r.non_2xx + r.socket_errors for r in self.ours)

    @property
    def exhausted_runs(self) -> int:
        """Runs of ours that used up every token or walk and stopped early."""
        return sum(r.exhausted for r in self.ours)


# A scenario builds the wrk call for a run expected to make about this many requests.
CallFor = Callable[[int], LoadCall]


def compare(  # noqa: PLR0913 - the two servers, the scenario, and how to run and judge it
    name: str,
    bare: Server,
    ours: Server,
    calls: CallFor,
    options: Options,
    *,
    reference: Callable[[int], list[float]] | None = None,
    pairs: int | None = None,
) -> Comparison:
    """Warm both apps up, then ``pairs`` (default ``options.pairs``) interleaved runs.

    ``reference``, if given (n timings of a floor, in milliseconds), is
    sampled during each of our measured runs with our server paused (see
    :mod:`bench.paused_reference`); that run is then measured over the time
    the server ran, and compared with the mean of the samples taken in it.
    """
    bare_call = LoadCall(bare.url + "/")

    def load(
        server: Server, call: LoadCall, seconds: float, during: PausedReference | None = None
    ) -> LoadResult:
        result = run_wrk(call, seconds, options.cores, meanwhile=during)
        server.wait_until_idle()
        return result if during is None else result.excluding_pauses(during.paused_seconds)

    load(bare, bare_call, options.warm_up_seconds)
    warm_up = load(ours, calls(WARM_UP_LINES), options.warm_up_seconds)
    rate = max(warm_up.requests_per_second, MINIMUM_RATE)
    expected = math.ceil(rate * options.seconds * HEADROOM)

    def ours_once() -> tuple[LoadResult, float | None]:
        nonlocal expected
        for _attempt in range(ATTEMPTS):
            call = calls(expected)  # tokens and walks are made before the clock starts
            during = None if reference is None else PausedReference(ours.pid, reference)
            result = load(ours, call, options.seconds, during)
            if not result.exhausted:
                break
            # wrk divides by the whole duration even when the Lua stopped early: run again.
            expected *= 2
        return result, None if during is None else during.mean_ms

    bare_runs, our_runs, references = _interleaved(
        lambda: load(bare, bare_call, options.seconds),
        ours_once,
        options.baseline,
        pairs or options.pairs,
    )
    return Comparison(name, bare_runs, our_runs, references)


def _interleaved(
    bare_once: Callable[[], LoadResult],
    ours_once: Callable[[], tuple[LoadResult, float | None]],
    baseline: BareBaseline,
    pairs: int,
) -> tuple[tuple[LoadResult, ...], tuple[LoadResult, ...], tuple[float, ...]]:
    """``pairs`` pairs of runs, bare then ours; a disturbed pair is measured again."""
    bare_runs, our_runs, references = [], [], []
    for _ in range(pairs):
        for attempt in range(PAIR_ATTEMPTS):
            bare_result = bare_once()
            our_result, measured = ours_once()
            if not baseline.disturbed(bare_result) or attempt == PAIR_ATTEMPTS - 1:
                break
            baseline.repeated_pairs += 1
        baseline.record(bare_result)
        bare_runs.append(bare_result)
        our_runs.append(our_result)
        if measured is not None:
            references.append(measured)
    return tuple(bare_runs), tuple(our_runs), tuple(references)


@contextmanager
def line_files() -> Iterator[Callable[[Sequence[str]], str]]:
    """Write lists of tokens or ids to files wrk's Lua reads; gone afterwards."""
    with tempfile.TemporaryDirectory(prefix="dt-bench-lines-") as directory:

        def write(lines: Sequence[str]) -> str:
            path = Path(directory) / f"{secrets.token_hex(6)}.txt"
            path.write_text("\n".join(lines) + "\n")
            return str(path)

        yield write


def refresh_calls(
    db: ServedDatabase, server: Server, write: Callable[[Sequence[str]], str]
) -> CallFor:
    """POST /api/v1/auth/refresh, a distinct live token per request."""

    def call(expected: int) -> LoadCall:
        tokens = mint_refresh_tokens(db.engine, db.services, db.member, expected)
        return LoadCall(server.url, "once_each.lua", ("refresh", write(tokens)))

    return call


def walk_calls(
    db: ServedDatabase, server: Server, write: Callable[[Sequence[str]], str]
) -> CallFor:
    """PUT /api/v1/sessions/{id}: answer the start question of a fresh walk per request."""

    def call(expected: int) -> LoadCall:
        now = db.services.clock.now()
        walks = start_walks(
            db.engine, user=db.member, tree=db.tree, version=db.version, count=expected, now=now
        )
        ids = [str(walk) for walk in walks]
        return LoadCall(server.url, "once_each.lua", ("walk", write(ids), db.access_token))

    return call


def me_calls(db: ServedDatabase, server: Server) -> CallFor:
    """GET /api/v1/auth/me with one access token."""
    call = LoadCall(server.url + "/api/v1/auth/me", headers=(db.bearer,))
    return lambda _expected: call


def search_calls(db: ServedDatabase, server: Server) -> CallFor:
    """GET /api/v1/trees/search over the seeded trees, cycling through common words."""
    call = LoadCall(server.url, "search.lua", (db.access_token, *SEARCH_QUERIES))
    return lambda _expected: call


def login_calls(db: ServedDatabase, server: Server) -> CallFor:
    """POST /api/v1/auth/login/json with the member's email and password."""
    call = LoadCall(server.url, "login.lua", (db.member.email, db.password))
    return lambda _expected: call


def ratios(comparisons: Mapping[str, Comparison]) -> dict[str, float]:
    """Each comparison's ratio, by name."""
    return {name: comparison.ratio for name, comparison in comparisons.items()}
