"""Server processes on 127.0.0.1: ours and the bare app, served alike.

Each runs one uvicorn worker in its own process (see :mod:`bench.serve`), pinned with ``taskset`` to
the server core when the machine has two or more, and is stopped (SIGINT,
then SIGKILL) when its ``with`` block ends, however it ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import attrs

HOST: Final = "127.0.0.1"
REPOSITORY: Final = Path(__file__).resolve().parents[1]  # `python -m bench.serve` runs from here
STARTUP_SECONDS: Final = 60
STOP_SECONDS: Final = 10
IDLE_WAIT_SECONDS: Final = 60  # 32 queued sign-ins at 19 MiB argon2 take a while
IDLE_PROBE_SECONDS: Final = 0.2


@attrs.frozen
class Cores:
    """Which CPU the servers run on and which the load generator gets."""

    server: int | None
    load: int | None

    @classmethod
    def plan(cls) -> Cores:
        """Different cores for servers and wrk when there are two and taskset exists."""
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) < 2 or shutil.which("taskset") is None:  # noqa: PLR2004 - two roles
            return cls(None, None)
        return cls(cores[0], cores[1])

    def pinned(self, core: int | None, command: Sequence[str]) -> list[str]:
        """``command``, run on ``core`` when there is one."""
        taskset = shutil.which("taskset")
        if core is None or taskset is None:
            return list(command)
        return [taskset, "--cpu-list", str(core), *command]


@attrs.frozen
class Server:
    """A running server: its base URL, its log file, its process id."""

    url: str
    log: Path
    pid: int

    def wait_until_idle(self) -> None:
        """Return once the server has used no CPU for a moment.

        When wrk stops, requests it had sent are still being served; the next
        run, which may load the other app on the same core, must not pay for
        them.
        """
        stat = Path(f"/proc/{self.pid}/stat")
        if not stat.exists():
            return
        deadline = time.monotonic() + IDLE_WAIT_SECONDS
        used = _cpu_ticks(stat)
        while time.monotonic() < deadline:
            time.sleep(IDLE_PROBE_SECONDS)
            now_used = _cpu_ticks(stat)
            if now_used - used <= 1:
                return
            used = now_used


def _cpu_ticks(stat: Path) -> int:
    """User plus system CPU time of the process, in clock ticks (see proc(5))."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


OUR_FACTORY: Final = "entrypoints.http.app:create_app_from_env"  # what `decision-tree serve` runs
BARE_FACTORY: Final = "bench.bare_app:create_app"


def serve_command(factory: str, port: int) -> list[str]:
    """Serve ``factory`` through :mod:`bench.serve`, the same way for both apps."""
    return [sys.executable, "-m", "bench.serve", factory, "--port", str(port)]


@contextmanager
def running(  # noqa: PLR0913 - a process needs each of these
    name: str,
    command: Sequence[str],
    *,
    ready_path: str,
    port: int,
    environment: Mapping[str, str],
    log_dir: Path,
) -> Iterator[Server]:
    """Start ``command``, wait until ``ready_path`` answers 200, stop it afterwards."""
    log = log_dir / f"{name}.log"
    url = f"http://{HOST}:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            list(command),
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **environment},
            cwd=REPOSITORY,
            start_new_session=True,  # Ctrl-C reaches us first; we stop it in order
        )
        try:
            _wait_until_ready(process, url + ready_path, log)
            yield Server(url, log, process.pid)
        finally:
            _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:]
            msg = f"server exited with status {process.returncode}: {' '.join(tail)} (see {log})"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - http://127.0.0.1 only
                if response.status == 200:  # noqa: PLR2004 - HTTP OK
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    msg = f"server did not answer {url} within {STARTUP_SECONDS} s (see {log})"
    raise RuntimeError(msg)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
