"""Test steps shared by the tree and walk tests over SQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Final

import httpx
from litestar import Litestar

from entrypoints.demo import demo_tree_data
from tests.unit.entrypoints.http.trees_wire import SESSIONS, TREES, put
from tests.unit.entrypoints.http.wire import Api, Json, Tokens, bearer

PRINTING: Final = "Printer does not print"
VPN: Final = "VPN will not connect"


def call(  # noqa: PLR0913 - one argument per part of a request
    api: Api,
    caller: Tokens,
    method: str,
    path: str,
    *,
    body: Json | None = None,
    params: dict[str, str | int] | None = None,
) -> httpx.Response:
    """Any request as ``caller``; the raw response."""
    return api.client.request(method, path, headers=bearer(caller.access), json=body, params=params)


def import_demo_trees(api: Api, caller: Tokens) -> dict[str, str]:
    """Import every demo tree through the API and publish it; ids by title."""
    ids: dict[str, str] = {}
    for data in demo_tree_data().values():
        imported = api.post(f"{TREES}/import", caller, data if isinstance(data, dict) else {})
        assert imported.status_code == 201, imported.text
        assert imported.json()["status"] == "draft"
        tree_id = imported.json()["id"]
        published = put(api, f"{TREES}/{tree_id}", caller, {"status": "published"})
        assert published.status_code == 200, published.text
        ids[published.json()["title"]] = tree_id
    return ids


def started(api: Api, caller: Tokens, tree_id: str, ticket_ref: str | None = None) -> Json:
    """Start a walk on a tree, which must succeed."""
    body: Json = {"tree_id": tree_id} | ({"ticket_ref": ticket_ref} if ticket_ref else {})
    response = api.post(SESSIONS, caller, body)
    assert response.status_code == 201, response.text
    walk: Json = response.json()
    return walk


def walked(api: Api, caller: Tokens, walk_id: str, operations: list[Json]) -> Json:
    """Apply each operation in turn, each of which must succeed; the last answer."""
    response: httpx.Response | None = None
    for operation in operations:
        response = put(api, f"{SESSIONS}/{walk_id}", caller, operation)
        assert response.status_code == 200, f"{operation}: {response.text}"
    assert response is not None
    body: Json = response.json()
    return body


def routes_under(app: Litestar, prefix: str) -> set[tuple[str, str]]:
    """Every ``(method, path)`` the app serves under ``prefix`` (OPTIONS and HEAD aside)."""
    return {
        (method, route.path_format)
        for route in app.routes
        if route.path_format == prefix or route.path_format.startswith(f"{prefix}/")
        for method in getattr(route, "methods", set())
        if method not in {"OPTIONS", "HEAD"}
    }


def simultaneously(*requests: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Send the requests from threads released together; the responses in the same order."""
    start = threading.Barrier(len(requests))
    responses: dict[int, httpx.Response] = {}

    def send(index: int, request: Callable[[], httpx.Response]) -> None:
        start.wait()
        responses[index] = request()

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [responses[index] for index in range(len(requests))]
