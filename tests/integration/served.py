"""A real ``decision-tree serve --workers 2`` on a free port of 127.0.0.1, for cross-process races.

The server runs as a subprocess of its own session with the cheapest argon2
settings and every other setting at its default; its output goes to a log
file that a failed start shows. Starting and stopping are bounded in time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import httpx

from entrypoints.settings import ARGON2_VARIABLES, AUTH_VARIABLES, SESSION_VARIABLES
from tests.unit.entrypoints.http.wire import SECRET

WORKERS: Final = 2
START_SECONDS: Final = 60
STOP_SECONDS: Final = 15
POLL_SECONDS: Final = 0.1
# What uvicorn logs once a worker's app has started: one line per worker.
WORKER_STARTED: Final = "Application startup complete."
CHEAPEST_ARGON2: Final = {
    "ARGON2_MEMORY_KIB": "8",
    "ARGON2_TIME_COST": "1",
    "ARGON2_PARALLELISM": "1",
}


@contextmanager
def served(database_url: str, directory: Path) -> Iterator[str]:
    """Serve the API on ``database_url`` with two workers; yields its base URL.

    ``directory`` is the server's working directory (so no ``.env`` of ours is
    read) and holds its log, ``serve.log``.
    """
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("decision-tree")),
        "serve",
        *("--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS)),
    ]
    log = directory / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command, arguments we chose
            command,
            cwd=directory,
            env=_environment(database_url),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers stop with it
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_serving(base_url, process, log)
        yield base_url
    finally:
        _stop(process)


def _environment(database_url: str) -> dict[str, str]:
    """Ours, without any of the server's settings but the database, the secret and argon2."""
    settings = {"DATABASE_URL", "SECRET_KEY", "DATABASE_POOL_SIZE", "INVITE_DAYS"}
    settings |= {*SESSION_VARIABLES, *AUTH_VARIABLES, *ARGON2_VARIABLES}
    environment = {name: value for name, value in os.environ.items() if name not in settings}
    return environment | CHEAPEST_ARGON2 | {"DATABASE_URL": database_url, "SECRET_KEY": SECRET}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_serving(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until /health answers and every worker has started, or fail with the log."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if _healthy(base_url) and log.read_text(errors="replace").count(WORKER_STARTED) >= WORKERS:
            return
        time.sleep(POLL_SECONDS)
    _stop(process)
    output = log.read_text(errors="replace")
    msg = f"decision-tree serve did not start within {START_SECONDS} s:\n{output}"
    raise RuntimeError(msg)


def _healthy(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health", timeout=1).status_code == httpx.codes.OK
    except httpx.TransportError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop; kill its process group if it has not within the bound."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)
