"""What the figures were measured on: the machine and the versions."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path
from typing import Final

from sqlalchemy import text

from adapters.sqlalchemy import create_database_engine
from bench.load import wrk_version

PACKAGES: Final = (
    "decision-tree",
    "litestar",
    "msgspec",
    "uvicorn",
    "uvloop",
    "httptools",
    "sqlalchemy",
    "psycopg",
    "pyjwt",
    "argon2-cffi",
)


def cpu_model() -> str:
    """The CPU's model name, from /proc/cpuinfo where there is one."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def cpu_count() -> int:
    """The cores this process may run on (what ``nproc`` prints)."""
    return len(os.sched_getaffinity(0))


def versions(postgres_url: str) -> dict[str, str]:
    """Python, the packages that serve a request, SQLite, PostgreSQL and wrk."""
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    found["sqlite"] = sqlite3.sqlite_version
    engine = create_database_engine(postgres_url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            found["postgresql"] = str(connection.scalar(text("SHOW server_version")))
    finally:
        engine.dispose()
    found["wrk"] = wrk_version()
    found["os"] = platform.platform()
    return found
