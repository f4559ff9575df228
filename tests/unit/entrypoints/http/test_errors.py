"""SPEC 9-10 on the wire: error bodies, health, and the OpenAPI document."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Self

import attrs
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.memory import MemoryStore, MemoryUnitOfWork
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.usecases.context import Services
from entrypoints.http import create_app
from tests.unit.entrypoints.http.wire import PASSWORD, Api, Tokens, bearer


class DatabaseGone(Exception):
    """What a driver raises when the server is unreachable."""


class BrokenUnitOfWork(MemoryUnitOfWork):
    """A unit of work whose transaction cannot begin."""

    def __init__(self, store: MemoryStore, error: Exception) -> None:
        """Fail with ``error`` on entry."""
        super().__init__(store)
        self._error = error

    def __enter__(self) -> Self:
        """Refuse to begin."""
        raise self._error


def client_over(
    services: Services, store: MemoryStore, error: Exception
) -> AbstractContextManager[TestClient[Litestar]]:
    """A client of an app whose every transaction raises ``error``."""

    def broken() -> UnitOfWork:
        return BrokenUnitOfWork(store, error)

    app = create_app(attrs.evolve(services, uow=broken), unavailable_errors=(DatabaseGone,))
    return TestClient(app=app)


@pytest.fixture
def broken_client(services: Services, store: MemoryStore) -> Iterator[TestClient[Litestar]]:
    """The app with a database that has gone away."""
    with client_over(services, store, DatabaseGone("server closed the connection")) as client:
        yield client


def test_an_unknown_field_answers_400_naming_it(api: Api) -> None:
    """The words of msgspec reach the client."""
    body = {"email": "a@example.com", "password": PASSWORD, "name": "A", "nickname": "x"}
    response = api.client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 400
    assert response.json()["detail"] == "Object contains unknown field `nickname`"
    assert response.json()["field"] == "nickname"


def test_a_wrong_type_answers_400_naming_the_json_path(api: Api) -> None:
    """'Expected ..., got ... - at `$.field`'."""
    response = api.client.post("/api/v1/auth/login/json", json={"email": 7, "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["detail"] == "Expected `str`, got `int` - at `$.email`"
    assert response.json()["field"] == "email"


def test_a_missing_field_answers_400_naming_it(api: Api) -> None:
    """A required key left out."""
    response = api.client.post("/api/v1/auth/login/json", json={"email": "a@example.com"})
    assert response.status_code == 400
    assert response.json()["field"] == "password"


@pytest.mark.parametrize("body", [b"email=a@example.com", b"{not json", b"[]"])
def test_a_body_that_is_not_the_json_object_answers_400(api: Api, body: bytes) -> None:
    """Never a 500 for bad input."""
    response = api.client.post(
        "/api/v1/auth/login/json", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["status_code"] == 400


def test_a_missing_body_answers_400(api: Api) -> None:
    """The body is required."""
    response = api.client.post("/api/v1/auth/login/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "a request body is required"


def test_an_overlong_sign_in_password_is_malformed_and_not_echoed(api: Api) -> None:
    """No stored password is longer than 1024 characters."""
    secret = "p" * 1025
    response = api.client.post(
        "/api/v1/auth/login/json", json={"email": "a@example.com", "password": secret}
    )
    assert response.status_code == 400
    assert secret not in response.text


def test_unknown_routes_and_methods_answer_json(api: Api) -> None:
    """404 and 405 in the same body shape."""
    missing = api.client.get("/api/v1/nowhere")
    assert missing.json() == {"status_code": 404, "detail": "not_found"}
    wrong_method = api.client.get("/api/v1/auth/login/json")
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"status_code": 405, "detail": "method_not_allowed"}


def test_an_unreachable_database_answers_503(
    broken_client: TestClient[Litestar], owner_tokens: Tokens
) -> None:
    """A database outage is not the client's fault, nor a bug."""
    response = broken_client.get("/api/v1/auth/me", headers=bearer(owner_tokens.access))
    assert response.status_code == 503
    assert response.json() == {"status_code": 503, "detail": "database_unavailable"}


def test_an_unexpected_error_answers_500_without_details(
    services: Services, store: MemoryStore, owner_tokens: Tokens, caplog: pytest.LogCaptureFixture
) -> None:
    """No stack trace in the body; the log names the error but never its message."""
    leaky = RuntimeError(f"INSERT ... password_hash='{PASSWORD}'")
    caplog.set_level(logging.ERROR)
    with client_over(services, store, leaky) as client:
        response = client.get("/api/v1/auth/me", headers=bearer(owner_tokens.access))
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "internal_server_error"}
    assert "RuntimeError" in caplog.text
    assert PASSWORD not in caplog.text
    assert owner_tokens.access not in caplog.text


def test_health_answers_ok_with_the_database(api: Api) -> None:
    """GET /health."""
    response = api.client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_without_the_database(broken_client: TestClient[Litestar]) -> None:
    """The load balancer takes this process out of rotation."""
    response = broken_client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_health_without_the_database_says_when_to_retry_like_every_endpoint(
    broken_client: TestClient[Litestar], owner_tokens: Tokens
) -> None:
    """The same ``Retry-After`` as any other 503 of a database outage."""
    health = broken_client.get("/health")
    me = broken_client.get("/api/v1/auth/me", headers=bearer(owner_tokens.access))
    assert (health.status_code, me.status_code) == (503, 503)
    assert int(health.headers["Retry-After"]) > 0
    assert health.headers["Retry-After"] == me.headers["Retry-After"]


def test_the_openapi_document_is_served_under_api_docs(api: Api) -> None:
    """The schema at /api/docs/openapi.json and a browsable page at /api/docs."""
    schema = api.client.get("/api/docs/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/login/json",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
        "/api/v1/auth/sessions",
        "/api/v1/auth/sessions/{sid}",
        "/api/v1/auth/password",
        "/api/v1/accounts/me/invites",
        "/api/v1/accounts/me/members",
        "/api/v1/accounts/me/members/{user_id}",
        "/api/v1/accounts/me/security",
        "/api/v1/accounts/me/security/revoke-sessions",
        "/api/v1/accounts/me/audit",
        "/health",
    ):
        assert path in paths
    assert "AccessToken" in schema.json()["components"]["securitySchemes"]
    assert api.client.get("/api/docs").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "payload", "field"),
    [
        (
            "json",
            "/api/v1/auth/login/json",
            {"email": "a\x00@example.com", "password": PASSWORD},
            "email",
        ),
        (
            "json",
            "/api/v1/auth/register",
            {"email": "a@example.com", "password": PASSWORD, "name": "\x00"},
            "name",
        ),
        (
            "form",
            "/api/v1/auth/login",
            {"username": "a\x00@example.com", "password": PASSWORD},
            "username",
        ),
    ],
)
def test_text_with_a_nul_character_answers_400(
    api: Api, method: str, path: str, payload: dict[str, str], field: str
) -> None:
    """PostgreSQL cannot store U+0000, so it is bad input, never a database error."""
    if method == "json":
        response = api.client.post(path, json=payload)
    else:
        response = api.client.post(path, data=payload)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_a_backslash_before_u0000_is_text_not_a_nul(api: Api) -> None:
    """Only the escape spells U+0000: after an escaped backslash, "u0000" is plain text."""
    name = "C:\\u0000 drive"  # a backslash, then the letters: JSON writes "C:\\\\u0000 drive"
    body = {"email": "backslash@example.com", "password": PASSWORD, "name": name}
    response = api.client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201
    assert response.json()["name"] == name


def test_a_query_parameter_with_a_nul_character_answers_400(api: Api, owner_tokens: Tokens) -> None:
    """The audit trail's action filter included."""
    response = api.get("/api/v1/accounts/me/audit", owner_tokens, {"action": "auth.login\x00"})
    assert response.status_code == 400
    assert response.json()["field"] == "action"
