"""The load generator: one wrk run, pinned to the load core, and what it reports."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

import attrs

from bench.servers import Cores

CONNECTIONS: Final = 32
TIMEOUT: Final = "10s"  # a sign-in queue of 32 takes longer than wrk's default 2 s
LUA: Final = Path(__file__).with_name("lua")
INSTALL_HINT: Final = "wrk is not installed: run `apt-get install -y wrk` (Debian package wrk)"

_UNITS_MS: Final = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


class LoadError(RuntimeError):
    """wrk could not run, or printed something we cannot read."""


@attrs.frozen
class LoadResult:
    """What one wrk run measured."""

    requests: int
    seconds: float
    requests_per_second: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float
    lines_used: int | None = None
    lines_held: int | None = None

    def excluding_pauses(self, paused_seconds: float) -> LoadResult:
        """The same run measured over the time the server was not paused."""
        active = self.seconds - paused_seconds
        return attrs.evolve(self, seconds=active, requests_per_second=self.requests / active)

    @property
    def exhausted(self) -> bool:
        """The run stopped early because every token (or walk) was used."""
        return self.lines_held is not None and self.lines_used == self.lines_held


@attrs.frozen
class LoadCall:
    """A wrk invocation: the URL, an optional Lua script with its arguments, headers."""

    url: str
    script: str | None = None
    script_args: Sequence[str] = ()
    headers: Sequence[str] = ()


def wrk_path() -> str:
    """The wrk executable, or :class:`LoadError` with how to install it."""
    found = shutil.which("wrk")
    if found is None:
        raise LoadError(INSTALL_HINT)
    return found


def wrk_version() -> str:
    """The version line wrk prints."""
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [wrk_path(), "--version"], capture_output=True, text=True, check=False
    )
    return (completed.stdout or completed.stderr).strip().splitlines()[0]


def run_wrk(
    call: LoadCall,
    seconds: float,
    cores: Cores,
    *,
    meanwhile: Callable[[float], None] | None = None,
) -> LoadResult:
    """Load ``call.url`` for ``seconds`` with 32 connections from one wrk thread.

    ``meanwhile``, if given, runs while wrk does, and is told when wrk's run
    ends (a ``time.monotonic()`` instant).
    """
    command = [wrk_path(), "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", f"--timeout={TIMEOUT}"]
    command += ["--latency"]
    for header in call.headers:
        command += ["-H", header]
    if call.script is not None:
        command += ["-s", str(LUA / call.script)]
    command.append(call.url)
    if call.script_args:
        command += ["--", *call.script_args]
    ends = time.monotonic() + seconds
    with subprocess.Popen(  # noqa: S603 - our own command line, no shell
        cores.pinned(cores.load, command),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as wrk:
        try:
            if meanwhile is not None:
                meanwhile(ends)
            stdout, stderr = wrk.communicate(timeout=seconds + 60)
        except BaseException:
            wrk.kill()
            raise
    if wrk.returncode != 0:
        msg = f"wrk failed ({wrk.returncode}): {stderr.strip() or stdout}"
        raise LoadError(msg)
    return parse_wrk(stdout)


def parse_wrk(output: str) -> LoadResult:
    """The figures of wrk's report (with ``--latency``) and of our Lua ``done()``."""
    totals = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if totals is None or rate is None:
        msg = f"cannot read wrk's report: {output.strip()[:300]}"
        raise LoadError(msg)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    lines = re.search(r"bench: lines used (\d+) of (\d+)", output)
    return LoadResult(
        requests=int(totals[1]),
        seconds=float(totals[2]) * _UNITS_MS[totals[3]] / 1000,
        requests_per_second=float(rate[1]),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        p50_ms=_percentile_ms(output, "50"),
        p99_ms=_percentile_ms(output, "99"),
        lines_used=int(lines[1]) if lines else None,
        lines_held=int(lines[2]) if lines else None,
    )


def _percentile_ms(output: str, percent: str) -> float:
    found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    return float(found[1]) * _UNITS_MS[found[2]] if found else float("nan")
