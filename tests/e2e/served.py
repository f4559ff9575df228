"""The app under test, served for real by uvicorn on 127.0.0.1 in a thread of the test process.

Served in-process so that a test can move the server's clock (see
:class:`MovableClock`) in step with the browser's, and read or arrange state
through the same services the pages use.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

import attrs
import uvicorn

from adapters.passwords_argon2 import Argon2Parameters
from decision_core.ports.clock import Clock
from decision_core.settings import CoreSettings, SessionSettings
from decision_core.usecases.context import Services
from entrypoints.bootstrap import build_runtime, prepare_database
from entrypoints.http import create_app, threads_of
from entrypoints.http.mail_drainer import OutboxDrainer
from entrypoints.mail_settings import MailSettings
from entrypoints.settings import ServerSettings
from entrypoints.web import WebConfig

SECRET: Final = "e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"  # noqa: S105
_START_TIMEOUT_SECONDS: Final = 15.0

# Short enough to reach in a test by moving clocks; long enough for the 5-minute notice.
SESSIONS: Final = SessionSettings(
    idle_minutes_default=30,
    absolute_minutes_default=120,
    idle_minutes_min=10,
    absolute_minutes_min=20,
)


class MovableClock(Clock):
    """The wall clock plus an offset that tests move forward, as the browser's clock is moved."""

    def __init__(self) -> None:
        """Start at the real time."""
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The real time, moved by every :meth:`advance` so far."""
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        """Move forward by ``delta``."""
        with self._lock:
            self._offset += delta


@attrs.frozen
class ServedApp:
    """A running server: where it is, its clock, the services behind its pages, its mail."""

    base_url: str
    clock: MovableClock
    services: Services
    # Where the server's drainer writes each mail, as <id>.eml (the embedded default mailer).
    mail_dir: Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served_app(database_url: str, mail_dir: Path) -> Iterator[ServedApp]:
    """Migrate ``database_url``, serve the whole app on it, and stop when done.

    Mail is delivered in the background, as ``serve`` does, into ``mail_dir``.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = ServerSettings(
        database_url=database_url,
        secret_key=SECRET,
        argon2=Argon2Parameters.cheapest(),
        core=CoreSettings(sessions=SESSIONS),
        mail=MailSettings(public_url=base_url, mail_dir=mail_dir),
    )
    prepare_database(settings)
    clock = MovableClock()
    runtime = build_runtime(settings, clock=clock)
    app = create_app(
        runtime.services,
        unavailable_errors=runtime.unavailable_errors,
        on_shutdown=[runtime.close],
        threads=threads_of(runtime),
        web=WebConfig.from_signing_secret(SECRET, secure_cookies=False),
        mail_drainer=None if runtime.mailer is None else OutboxDrainer(runtime.mailer),
    )
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            msg = "the app under test did not start"
            raise RuntimeError(msg)
        time.sleep(0.02)
    try:
        yield ServedApp(base_url, clock, runtime.services, mail_dir)
    finally:
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT_SECONDS)
