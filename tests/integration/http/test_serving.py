"""Serving for real: migrating at start, the uvicorn factory, and an unreachable database."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.passwords_argon2 import Argon2Parameters
from entrypoints.bootstrap import DatabaseNotReady, build_runtime, prepare_database
from entrypoints.http import create_app, create_app_from_env
from entrypoints.settings import ServerSettings, load_settings
from tests.unit.entrypoints.http.wire import SECRET, bearer

UNREACHABLE = [
    pytest.param(
        "postgresql+psycopg://app:pw@127.0.0.1:1/nothing?connect_timeout=2", id="postgres"
    ),
    pytest.param("sqlite:////nonexistent-directory/decisions.sqlite3", id="sqlite"),
]


@pytest.mark.parametrize("url", UNREACHABLE)
def test_health_and_the_api_answer_503(url: str) -> None:
    """The load balancer and the client both learn that it is the database."""
    settings = ServerSettings(
        database_url=url, secret_key=SECRET, argon2=Argon2Parameters.cheapest()
    )
    runtime = build_runtime(settings)
    app = create_app(
        runtime.services, unavailable_errors=runtime.unavailable_errors, on_shutdown=[runtime.close]
    )
    with TestClient(app=app) as client:
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["database"] == "unreachable"
        login = client.post(
            "/api/v1/auth/login/json", json={"email": "a@b.example", "password": "x" * 8}
        )
        assert login.status_code == 503
        assert login.json() == {"status_code": 503, "detail": "database_unavailable"}
        assert login.headers["Retry-After"]


@pytest.mark.parametrize("url", UNREACHABLE)
def test_health_says_when_to_retry_like_the_api(url: str) -> None:
    """The load balancer gets the same ``Retry-After`` as every client of the outage."""
    settings = ServerSettings(
        database_url=url, secret_key=SECRET, argon2=Argon2Parameters.cheapest()
    )
    runtime = build_runtime(settings)
    app = create_app(
        runtime.services, unavailable_errors=runtime.unavailable_errors, on_shutdown=[runtime.close]
    )
    with TestClient(app=app) as client:
        health = client.get("/health")
        login = client.post(
            "/api/v1/auth/login/json", json={"email": "a@b.example", "password": "x" * 8}
        )
    assert (health.status_code, login.status_code) == (503, 503)
    assert int(health.headers["Retry-After"]) > 0
    assert health.headers["Retry-After"] == login.headers["Retry-After"]


@pytest.mark.parametrize("url", UNREACHABLE)
def test_migrating_an_unreachable_database_fails_in_one_line(url: str) -> None:
    """What ``decision-tree serve`` prints before exiting non-zero."""
    settings = ServerSettings(database_url=url, secret_key=SECRET)
    with pytest.raises(DatabaseNotReady, match=r"^cannot migrate the database: ") as failure:
        prepare_database(settings)
    assert "\n" not in str(failure.value)
    assert ":pw@" not in str(failure.value)


def test_a_fresh_sqlite_file_is_migrated_and_served(tmp_path: Path) -> None:
    """What serve does on a fresh clone: migrate, then answer."""
    settings = ServerSettings(
        database_url=f"sqlite:///{tmp_path}/fresh.sqlite3", argon2=Argon2Parameters.cheapest()
    )
    prepare_database(settings)
    runtime = build_runtime(settings)
    assert (tmp_path / "decision-tree.secret").exists()
    app = create_app(
        runtime.services, unavailable_errors=runtime.unavailable_errors, on_shutdown=[runtime.close]
    )
    with TestClient(app=app) as client:
        assert client.get("/health").json() == {"status": "ok", "database": "ok"}
        body = {"email": "owner@example.com", "password": "correct horse", "name": "Owner"}
        assert client.post("/api/v1/auth/register", json=body).status_code == 201
        login = client.post(
            "/api/v1/auth/login/json",
            json={"email": "owner@example.com", "password": "correct horse"},
        )
        access = login.json()["access_token"]
        assert client.get("/api/v1/auth/me", headers=bearer(access)).status_code == 200


def test_the_uvicorn_factory_builds_the_app_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each worker runs: settings from the environment and ``.env``, then the app."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "SECRET_KEY", "ACCESS_TOKEN_MINUTES", "ARGON2_MEMORY_KIB"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text(
        f"DATABASE_URL=sqlite:///{tmp_path}/env.sqlite3\n"
        "ACCESS_TOKEN_MINUTES=2\n"
        "ARGON2_MEMORY_KIB=8\n"
        "ARGON2_TIME_COST=1\n",
        encoding="utf-8",
    )
    prepare_database(load_settings())
    with TestClient(app=create_app_from_env()) as client:
        body = {"email": "owner@example.com", "password": "correct horse", "name": "Owner"}
        assert client.post("/api/v1/auth/register", json=body).status_code == 201
        credentials = {"email": "owner@example.com", "password": "correct horse"}
        login = client.post("/api/v1/auth/login/json", json=credentials)
        assert login.json()["expires_in"] == 120
