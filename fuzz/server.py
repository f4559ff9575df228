"""``decision-tree serve`` as a child process on 127.0.0.1, and its command line jobs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final

HOST: Final = "127.0.0.1"
STARTUP_SECONDS: Final = 60
STOP_SECONDS: Final = 10
PROBE_SECONDS: Final = 0.2


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_environment(directory: Path) -> dict[str, str]:
    """The settings of the fuzzed server: a scratch SQLite file, fast hashes, long tokens.

    Access tokens outlive the run (a revoked session's access token still answers,
    SPEC 3.2), so the fuzzer's own sign-out never locks it out; argon2 runs at its
    floor because the fuzzer registers and signs in hundreds of times.
    """
    return {
        "DATABASE_URL": f"sqlite:///{directory / 'fuzz.sqlite3'}",
        "SECRET_KEY": os.urandom(32).hex(),
        "ACCESS_TOKEN_MINUTES": "120",
        "ARGON2_MEMORY_KIB": "8",
        "ARGON2_TIME_COST": "1",
    }


def run_job(arguments: list[str], environment: Mapping[str, str], stdin: str = "") -> str:
    """Run ``decision-tree ARGUMENTS`` to its end; its stdout."""
    done = subprocess.run(  # noqa: S603 - our own command line
        ["decision-tree", *arguments],  # noqa: S607 - the project's own script, on the venv's PATH
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        check=False,
    )
    if done.returncode != 0:
        msg = f"decision-tree {arguments[0]} failed: {done.stderr.strip()}"
        raise RuntimeError(msg)
    return done.stdout


@contextmanager
def serving(environment: Mapping[str, str], log: Path) -> Iterator[str]:
    """``decision-tree serve`` on a free port until the block ends; yields its base URL."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            ["decision-tree", "serve", "--host", HOST, "--port", str(port)],  # noqa: S607
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **environment},
            start_new_session=True,
        )
        try:
            _wait_until_healthy(process, url)
            yield url
        finally:
            _stop(process)


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            msg = f"the server exited with status {process.returncode}"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:  # noqa: PLR2004 - HTTP OK
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(PROBE_SECONDS)
    msg = f"the server did not answer /health within {STARTUP_SECONDS} s"
    raise RuntimeError(msg)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
