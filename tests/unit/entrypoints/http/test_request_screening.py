"""SPEC 10 for bodies no client should send: never a 500, always a 4xx naming the problem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg
from litestar.routes import HTTPRoute

from entrypoints.http.json_nesting import MAX_JSON_NESTING
from tests.unit.entrypoints.http.trees_wire import SESSIONS, TREES
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, PASSWORD, Api, Tokens, bearer

LOGIN_JSON: Final = "/api/v1/auth/login/json"
LOGIN_FORM: Final = "/api/v1/auth/login"
JSON: Final = "application/json"
FORM: Final = "application/x-www-form-urlencoded"
# Any path parameter of the API, filled in: every one is a UUID.
_PATH_PARAMETER: Final = re.compile(r"\{[^}]+\}")
_SOME_ID: Final = str(UUID(int=7))


def credentials(password: str = PASSWORD) -> bytes:
    """The owner's sign-in as a JSON body."""
    return f'{{"email": "{OWNER_EMAIL}", "password": "{password}"}}'.encode()


def nested(depth: int, innermost: bytes = b"[]") -> bytes:
    """``depth`` arrays, one inside the other, around ``innermost``."""
    return b"[" * (depth - 1) + innermost + b"]" * (depth - 1)


def json_body_endpoints(app: Litestar) -> Iterator[tuple[str, str]]:
    """Every (method, path) whose handler takes a JSON body, path parameters filled in."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            body = handler.parsed_fn_signature.parameters.get("data")
            kwarg = body.kwarg_definition if body is not None else None
            if not isinstance(kwarg, BodyKwarg) or kwarg.media_type is not RequestEncodingType.JSON:
                continue
            path = _PATH_PARAMETER.sub(_SOME_ID, route.path)
            for method in sorted(handler.http_methods):
                yield method, path


# --- item 1: bytes that are not UTF-8 ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (LOGIN_JSON, b'{"email": "\xff@x.test", "password": "12345678"}'),
        (LOGIN_JSON, b'{"email": "a@x.test", "password": "caf\xe9 au lait"}'),
        ("/api/v1/auth/register", b'{"email": "a@x.test", "password": "12345678", "n\xc3": "A"}'),
    ],
)
def test_a_json_body_that_is_not_utf8_answers_400(api: Api, path: str, body: bytes) -> None:
    """Invalid UTF-8 inside a string or a key is malformed JSON, not a server error."""
    response = api.client.post(path, content=body, headers={"Content-Type": JSON})
    assert response.status_code == 400, response.text
    assert response.json()["status_code"] == 400
    assert "UTF-8" in response.json()["detail"]
    assert "access_token" not in response.text


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=latin-1",
        "application/json; charset=ISO-8859-1",
        "application/json;charset=utf-16",
    ],
)
@pytest.mark.parametrize(
    "body", [credentials(), credentials("caf\xe9").replace(b"\xc3\xa9", b"\xe9")]
)
def test_a_json_body_declared_in_another_charset_answers_415(
    api: Api, owner_tokens: Tokens, content_type: str, body: bytes
) -> None:
    """JSON travels in UTF-8 (RFC 8259): another declared charset is refused, not guessed at."""
    assert owner_tokens.access
    response = api.client.post(LOGIN_JSON, content=body, headers={"Content-Type": content_type})
    assert response.status_code == 415, response.text
    assert response.json() == {"status_code": 415, "detail": response.json()["detail"]}
    assert JSON in response.json()["detail"]


@pytest.mark.parametrize(
    "content_type",
    [JSON, "application/json; charset=utf-8", 'Application/JSON; Charset="UTF-8"'],
)
def test_json_in_utf8_is_accepted_with_or_without_the_charset(
    api: Api, owner_tokens: Tokens, content_type: str
) -> None:
    """The optional ``charset=utf-8`` changes nothing, in any case."""
    assert owner_tokens.access
    response = api.client.post(
        LOGIN_JSON, content=credentials(), headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text


# --- item 2: nesting ----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_JSON_NESTING + 1, 1000, 100_000])
@pytest.mark.parametrize("signed_in", [False, True])
def test_json_nested_too_deeply_answers_400_on_every_endpoint(
    api: Api, owner_tokens: Tokens, depth: int, *, signed_in: bool
) -> None:
    """Refused before any decoder recurses, whoever asks and whatever the endpoint."""
    headers = {"Content-Type": JSON} | (bearer(owner_tokens.access) if signed_in else {})
    bodies = [
        ("PUT", f"{SESSIONS}/{_SOME_ID}", b'{"op": ' + nested(depth - 1) + b"}"),
        ("POST", TREES, b'{"title": "t", "document": {"x": ' + nested(depth - 2) + b"}}"),
        ("POST", f"{TREES}/import", b'{"tree": ' + nested(depth - 1) + b"}"),
        ("POST", LOGIN_JSON, nested(depth)),
    ]
    for method, path, body in bodies:
        response = api.client.request(method, path, content=body, headers=headers)
        assert response.status_code == 400, (path, response.text)
        assert f"nested more than {MAX_JSON_NESTING} levels" in response.json()["detail"]


def test_json_nested_exactly_to_the_limit_is_judged_on_its_content(api: Api) -> None:
    """The limit itself passes the nesting check; the schema then answers."""
    body = b'{"email": ' + nested(MAX_JSON_NESTING - 1) + b"}"
    response = api.client.post(LOGIN_JSON, content=body, headers={"Content-Type": JSON})
    assert response.status_code == 400
    assert response.json()["field"] == "email"
    assert "nested" not in response.json()["detail"]


def test_brackets_inside_strings_are_text_not_nesting(api: Api, owner_tokens: Tokens) -> None:
    """Hundreds of brackets and escaped quotes inside a string nest nothing."""
    text = '[{\\"' * 300
    body = f'{{"email": "{OWNER_EMAIL}", "password": "{text}"}}'.encode()
    assert owner_tokens.access
    response = api.client.post(LOGIN_JSON, content=body, headers={"Content-Type": JSON})
    assert response.json() == {"status_code": 401, "detail": "invalid_credentials"}


def test_a_deep_body_with_a_nul_escape_answers_400(api: Api, owner_tokens: Tokens) -> None:
    """The NUL walk only ever sees bodies within the nesting limit."""
    body = b'{"title": "t", "document": {"x": ' + nested(5000, b'"\\u0000"') + b"}}"
    headers = {"Content-Type": JSON} | bearer(owner_tokens.access)
    response = api.client.post(TREES, content=body, headers=headers)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


# --- item 10: the media type of a body ----------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        FORM,
        "multipart/form-data; boundary=x",
        "application/jsonx",
        None,
    ],
)
def test_every_json_endpoint_answers_415_to_any_other_media_type(
    app: Litestar, api: Api, content_type: str | None
) -> None:
    """A cross-site form can send these without a preflight; no JSON endpoint reads them."""
    endpoints = list(json_body_endpoints(app))
    assert len(endpoints) >= 14
    headers = {} if content_type is None else {"Content-Type": content_type}
    for method, path in endpoints:
        response = api.client.request(method, path, content=b"{}", headers=headers)
        assert response.status_code == 415, (method, path, response.text)
        assert response.json()["status_code"] == 415
        assert JSON in response.json()["detail"]


def test_a_cross_site_form_cannot_sign_in_through_the_json_endpoint(
    api: Api, owner_tokens: Tokens
) -> None:
    """The CSRF case: valid credentials as text/plain start no login session."""
    for content_type in ("text/plain", FORM):
        response = api.client.post(
            LOGIN_JSON, content=credentials(), headers={"Content-Type": content_type}
        )
        assert response.status_code == 415
        assert "access_token" not in response.text
    assert len(api.audit(owner_tokens, "auth.login")) == 1


@pytest.mark.parametrize(
    "content_type",
    [JSON, "text/plain", "multipart/form-data; boundary=x", f"{FORM}; charset=latin-1"],
)
def test_the_form_sign_in_answers_415_to_any_other_media_type(
    api: Api, owner_tokens: Tokens, content_type: str
) -> None:
    """``/auth/login`` takes ``application/x-www-form-urlencoded`` only."""
    assert owner_tokens.access
    body = f"username={OWNER_EMAIL}&password={PASSWORD}".encode()
    response = api.client.post(LOGIN_FORM, content=body, headers={"Content-Type": content_type})
    assert response.status_code == 415, response.text
    assert FORM in response.json()["detail"]


def test_the_form_sign_in_still_takes_a_form(api: Api, owner_tokens: Tokens) -> None:
    """With or without ``charset=utf-8``."""
    assert owner_tokens.access
    body = f"username={OWNER_EMAIL}&password={PASSWORD}".encode()
    for content_type in (FORM, f"{FORM}; charset=UTF-8"):
        response = api.client.post(LOGIN_FORM, content=body, headers={"Content-Type": content_type})
        assert response.status_code == 200, response.text


def test_an_empty_optional_body_needs_no_media_type(api: Api, owner_tokens: Tokens) -> None:
    """No body, nothing to declare: the default scope applies."""
    response = api.client.post(
        "/api/v1/accounts/me/security/revoke-sessions", headers=bearer(owner_tokens.access)
    )
    assert response.status_code == 200, response.text
