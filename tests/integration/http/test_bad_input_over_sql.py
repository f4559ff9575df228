"""Issue 18's bad input over SQLite and PostgreSQL: a 4xx every time, and nothing stored."""

from __future__ import annotations

from typing import Final

import pytest

from entrypoints.http.json_nesting import MAX_JSON_NESTING
from tests.unit.entrypoints.http.trees_wire import SESSIONS, TREES, new_tree
from tests.unit.entrypoints.http.wire import (
    OWNER_EMAIL,
    PASSWORD,
    Api,
    Tokens,
    bearer,
    claims_of,
    signed,
)

from .tree_steps import started

LOGIN_JSON: Final = "/api/v1/auth/login/json"
CREDENTIALS: Final = f'{{"email": "{OWNER_EMAIL}", "password": "{PASSWORD}"}}'.encode()


def deeply(depth: int) -> bytes:
    """``depth`` arrays, one inside the other."""
    return b"[" * depth + b"]" * depth


def test_a_body_that_is_not_utf8_answers_400_and_another_charset_415(
    api: Api, owner_tokens: Tokens
) -> None:
    """Neither signs anyone in."""
    not_utf8 = CREDENTIALS.replace(b"owner@", b"\xffowner@")
    response = api.client.post(
        LOGIN_JSON, content=not_utf8, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]
    latin1 = {"Content-Type": "application/json; charset=latin-1"}
    assert api.client.post(LOGIN_JSON, content=CREDENTIALS, headers=latin1).status_code == 415
    assert len(api.audit(owner_tokens, "auth.login")) == 1


def test_json_nested_too_deeply_answers_400_and_changes_nothing(
    api: Api, owner_tokens: Tokens
) -> None:
    """A walk step and a tree document, each a thousand levels deep."""
    tree = new_tree(api, owner_tokens)
    session = started(api, owner_tokens, tree["id"])
    before = api.get(f"{SESSIONS}/{session['id']}", owner_tokens).json()
    headers = bearer(owner_tokens.access) | {"Content-Type": "application/json"}
    step = b'{"op": ' + deeply(1000) + b"}"
    document = b'{"title": "t", "document": {"start": ' + deeply(1000) + b"}}"
    for method, path, body in (
        ("PUT", f"{SESSIONS}/{session['id']}", step),
        ("POST", TREES, document),
        ("PUT", f"{TREES}/{tree['id']}", document),
    ):
        response = api.client.request(method, path, content=body, headers=headers)
        assert response.status_code == 400, response.text
        assert f"more than {MAX_JSON_NESTING} levels" in response.json()["detail"]
    assert api.get(f"{SESSIONS}/{session['id']}", owner_tokens).json() == before
    assert api.get(f"{TREES}/{tree['id']}/versions", owner_tokens).json()["total"] == 1
    assert api.get(TREES, owner_tokens).json()["total"] == 1


@pytest.mark.parametrize(
    "changed",
    [{"idle_max": 10**12}, {"abs_max": 10**30}, {"auth_time": 10**12}, {"abs_max": 0}],
    ids=str,
)
def test_refresh_claims_out_of_bounds_answer_401_and_leave_the_token_live(
    api: Api, changed: dict[str, int]
) -> None:
    """Refused before the consume: the genuine token, with the same jti, still rotates."""
    tokens = api.owner()
    forged = signed(claims_of(tokens.refresh) | changed)
    assert api.refresh(forged).json() == {"status_code": 401, "detail": "invalid_refresh_token"}
    assert api.refresh(tokens.refresh).status_code == 200
    assert api.audit(tokens, "auth.refresh_token_reused") == []


def test_a_cross_site_form_cannot_sign_in(api: Api, owner_tokens: Tokens) -> None:
    """Credentials posted as text/plain or as a form to the JSON endpoint: 415, no session."""
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        response = api.client.post(
            LOGIN_JSON, content=CREDENTIALS, headers={"Content-Type": content_type}
        )
        assert response.status_code == 415
        assert "application/json" in response.json()["detail"]
    sessions = api.get("/api/v1/auth/sessions", owner_tokens).json()
    assert len(sessions) == 1
    assert len(api.audit(owner_tokens, "auth.login")) == 1
