"""The world the fuzzer finds: an owner signed in, a member, trees, a walk, real ids."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Final

import attrs

API: Final = "/api/v1"


@attrs.frozen
class World:
    """What the fuzzer's requests may name: its tokens and ids that exist."""

    access_token: str
    refresh_token: str
    tree_ids: tuple[str, ...]
    session_id: str
    member_id: str
    other_sid: str
    audit_cursor: str


def call(url: str, method: str, path: str, *, token: str | None = None, body: object = None) -> Any:  # noqa: ANN401 - whatever JSON the API answers
    """One JSON request to the server; its decoded answer (an HTTP error raises)."""
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
        f"{url}{API}{path}", data=data, headers=headers, method=method
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        raw = answer.read()
    return json.loads(raw) if raw else None


def sign_in(url: str, email: str, password: str) -> dict[str, Any]:
    """A fresh login session's token response."""
    tokens: dict[str, Any] = call(
        url, "POST", "/auth/login/json", body={"email": email, "password": password}
    )
    return tokens


def build_world(url: str, *, email: str, password: str, member_id: str) -> World:
    """Sign the owner in twice and start a walk; the ids of all of it."""
    spare = sign_in(url, email, password)  # a login session for DELETE /auth/sessions/{sid}
    tokens = sign_in(url, email, password)
    access = tokens["access_token"]
    sessions = call(url, "GET", "/auth/sessions", token=access)
    spare_sid = next(s["id"] for s in sessions if not s["current"])
    del spare
    published = call(url, "GET", "/trees?status=published&limit=200", token=access)
    tree_ids = tuple(str(tree["id"]) for tree in published["items"])
    walk = call(url, "POST", "/sessions", token=access, body={"tree_id": tree_ids[0]})
    audit = call(url, "GET", "/accounts/me/audit?limit=1", token=access)
    return World(
        access_token=access,
        refresh_token=tokens["refresh_token"],
        tree_ids=tree_ids,
        session_id=walk["id"],
        member_id=member_id,
        other_sid=spare_sid,
        audit_cursor=audit["next_before"],
    )
