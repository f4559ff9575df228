"""Issue 18's races for real: requests at once against ``serve --workers 2`` on one database.

Each request has its own connection, opened before a barrier releases them
all together; counts and rounds are small, and every wait is bounded.
"""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Final

import httpx
import pytest

from tests.integration.conftest import SQL_BACKENDS
from tests.integration.databases import scratch_schema, sqlite_url
from tests.integration.racing import serial_history
from tests.integration.served import served
from tests.unit.entrypoints.http.wire import Api, Json, Tokens, claims_of

REQUEST_SECONDS: Final = 30
ATTEMPTS: Final = 16
LIMIT: Final = 5  # the default LOGIN_FAILURE_LIMIT
UPDATES: Final = 8
ROUNDS: Final = 4
MEMBERS: Final = "/api/v1/accounts/me/members"
SECURITY: Final = "/api/v1/accounts/me/security"

Request = Callable[[Api], httpx.Response]


@pytest.fixture(scope="module", params=SQL_BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The served app with two workers on each SQL database, shared by this module's tests."""
    directory = tmp_path_factory.mktemp("served")
    if request.param == "sqlite":
        with served(sqlite_url(directory), directory) as base_url:
            yield base_url
        return
    postgres_url: str = request.getfixturevalue("postgres_url")
    with scratch_schema(postgres_url) as database_url, served(database_url, directory) as base_url:
        yield base_url


@pytest.fixture
def api(server: str) -> Iterator[Api]:
    """The served endpoints as test steps, for setting up and looking."""
    with httpx.Client(base_url=server, timeout=REQUEST_SECONDS) as client:
        yield Api(client)


def new_owner(api: Api) -> tuple[str, Tokens]:
    """The email and tokens of the signed-in owner of a new account (the server is shared)."""
    email = f"owner-{secrets.token_hex(4)}@example.com"
    return email, api.owner(email)


def at_once(server: str, requests: list[Request]) -> list[httpx.Response]:
    """Send ``requests`` together, each on its own connection; the answers in their order."""
    clients = [httpx.Client(base_url=server, timeout=REQUEST_SECONDS) for _ in requests]
    try:
        for client in clients:
            client.get("/health").raise_for_status()  # connected before the start line
        start = threading.Barrier(len(requests))

        def send(number: int) -> httpx.Response:
            start.wait(timeout=REQUEST_SECONDS)
            return requests[number](Api(clients[number]))

        with ThreadPoolExecutor(len(requests)) as pool:
            return list(pool.map(send, range(len(requests)), timeout=2 * REQUEST_SECONDS))
    finally:
        for client in clients:
            client.close()


def patching(path: str, caller: Tokens, body: Json) -> Request:
    """A PATCH of ``body`` to ``path`` as ``caller``, to send later."""
    return partial(Api.patch, path=path, caller=caller, body=body)


def test_sixteen_wrong_passwords_at_once_get_five_checks(server: str, api: Api) -> None:
    """Item 5: the failure limit holds across workers; the rest answer 429 unchecked."""
    email, owner = new_owner(api)
    wrong = partial(Api.try_login, email=email, password="wrong password")  # noqa: S106 - a wrong one, on purpose
    answers = at_once(server, [wrong] * ATTEMPTS)
    statuses = Counter(answer.status_code for answer in answers)
    assert statuses == {401: LIMIT, 429: ATTEMPTS - LIMIT}
    assert all(a.headers["Retry-After"] for a in answers if a.status_code == 429)
    assert len(api.audit(owner, "auth.login_failed")) == LIMIT


def test_a_role_change_and_a_deactivation_at_once_both_hold(server: str, api: Api) -> None:
    """Item 6: both answer 200 and both stick; the deactivated member cannot sign in."""
    _, owner = new_owner(api)
    for _ in range(ROUNDS):
        email = f"admin-{secrets.token_hex(4)}@example.com"
        admin_id = _user_id(api.member(owner, "admin", email))
        path = f"{MEMBERS}/{admin_id}"
        changes: list[Json] = [{"role": "engineer"}, {"is_active": False}]
        answers = at_once(server, [patching(path, owner, change) for change in changes])
        assert [answer.status_code for answer in answers] == [200, 200]
        [member] = [m for m in api.get(MEMBERS, owner).json() if m["id"] == admin_id]
        assert (member["role"], member["is_active"]) == ("engineer", False)
        assert api.try_login(email).status_code == 401


def test_two_policy_changes_at_once_are_judged_one_after_the_other(server: str, api: Api) -> None:
    """Item 7: a shorter lifetime and a longer idle timeout together break the rule: one is 422."""
    _, owner = new_owner(api)
    for _ in range(ROUNDS):
        reset = api.patch(SECURITY, owner, {"idle_minutes": 60, "absolute_minutes": None})
        assert reset.status_code == 200, reset.text
        changes: list[Json] = [{"absolute_minutes": 120}, {"idle_minutes": 1000}]
        shorter, longer = at_once(server, [patching(SECURITY, owner, c) for c in changes])
        assert sorted([shorter.status_code, longer.status_code]) == [200, 422]
        policy = _overrides(api.get(SECURITY, owner).json())
        expected = (60, 120) if shorter.status_code == 200 else (1000, None)
        assert policy == {"idle_minutes": expected[0], "absolute_minutes": expected[1]}


def test_eight_policy_updates_at_once_audit_a_serial_history(server: str, api: Api) -> None:
    """Item 8: each event's ``old`` is the ``new`` of the update before it."""
    _, owner = new_owner(api)
    start = _overrides(api.get(SECURITY, owner).json())
    changes: list[Json] = [{"absolute_minutes": 20000 + number} for number in range(UPDATES)]
    answers = at_once(server, [patching(SECURITY, owner, change) for change in changes])
    assert [answer.status_code for answer in answers] == [200] * UPDATES
    events = api.audit(owner, "account.session_policy_update")
    history = serial_history(start, [(e["details"]["old"], e["details"]["new"]) for e in events])
    assert len(history) == UPDATES + 1
    assert history[-1] == _overrides(api.get(SECURITY, owner).json())


def test_two_tabs_refreshing_at_once_both_stay_signed_in(server: str, api: Api) -> None:
    """Item 9: with the default reuse grace both answer 200 with the same live refresh token."""
    email, owner = new_owner(api)
    for _ in range(ROUNDS):
        token = api.login(email).refresh
        first, second = at_once(server, [partial(Api.refresh, refresh_token=token)] * 2)
        assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
        assert first.json()["refresh_token"] == second.json()["refresh_token"]
        assert api.refresh(first.json()["refresh_token"]).status_code == 200
    assert api.audit(owner, "auth.refresh_token_reused") == []


def _user_id(tokens: Tokens) -> str:
    return str(claims_of(tokens.access)["sub"])


def _overrides(security: Json) -> Json:
    """The overrides of a security body, as audit events write them."""
    return {key: security[key] for key in ("idle_minutes", "absolute_minutes")}
