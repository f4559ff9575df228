"""Browser tests: Playwright driving the operating system's Chromium against the served app."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.served import ServedApp, served_app
from tests.integration.databases import (
    postgres_server_url,
    postgres_unreachable_reason,
    scratch_schema,
)

NO_BROWSER = (
    "no Chromium for the browser tests: apt-get install -y --no-install-recommends "
    "chromium-headless-shell"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium (Playwright cannot download its own here), without a GPU."""
    executable = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(NO_BROWSER)
        pytest.skip(NO_BROWSER)
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [*browser_type_launch_args.get("args", []), "--disable-gpu"],
    }


SQLITE = "sqlite"
POSTGRES = "postgres"
# ``@both_databases`` on a test runs it against SQLite and PostgreSQL.
both_databases = pytest.mark.parametrize("app", [SQLITE, POSTGRES], indirect=True)


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServedApp]:
    """The whole app served on 127.0.0.1, on a fresh SQLite file (or PostgreSQL schema)."""
    if getattr(request, "param", SQLITE) == SQLITE:
        with served_app(f"sqlite:///{tmp_path / 'e2e.sqlite3'}", tmp_path / "mail") as served:
            yield served
        return
    url = postgres_server_url()
    reason = postgres_unreachable_reason(url)
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with scratch_schema(url) as schema_url, served_app(schema_url, tmp_path / "mail") as served:
        yield served


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], app: ServedApp) -> dict[str, Any]:
    """Every page of a test speaks to that test's app; relative URLs resolve against it."""
    return {**browser_context_args, "base_url": app.base_url}
