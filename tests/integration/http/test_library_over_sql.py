"""The web library over SQLite and PostgreSQL: highlighted search hits, odd paging asked for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from decision_core.usecases.context import Operator, Services
from entrypoints.bootstrap import Runtime
from entrypoints.demo import seed_demo
from entrypoints.http import create_app, threads_of
from entrypoints.web import WebConfig
from tests.unit.entrypoints.http.wire import SECRET
from tests.unit.entrypoints.web.conftest import OWNER_EMAIL, register_and_sign_in

PARTIAL = {"HX-Request": "true", "HX-Target": "library-results"}


@pytest.fixture
def browser(runtime: Runtime, services: Services) -> Iterator[TestClient[Litestar]]:
    """The whole app, web pages included; the owner signed in, the demo trees seeded."""
    app = create_app(
        runtime.services,
        unavailable_errors=runtime.unavailable_errors,
        threads=threads_of(runtime),
        web=WebConfig.from_signing_secret(SECRET, secure_cookies=False),
    )
    with TestClient(app=app) as client:
        client.follow_redirects = False
        register_and_sign_in(client)
        with services.uow() as uow:
            owner = uow.users.get_by_email(OWNER_EMAIL)
        assert owner is not None
        seed_demo(services, Operator(owner.account_id))
        yield client


def test_search_hits_mark_the_matched_words(browser: TestClient[Litestar]) -> None:
    """The database's snippet marks arrive as <mark>, the rest escaped."""
    answer = browser.get("/", params={"q": "printer"}, headers=PARTIAL)
    assert answer.status_code == 200
    assert "<mark>" in answer.text
    assert "Printer does not print" in answer.text
    assert "**" not in answer.text


@pytest.mark.parametrize("offset", ["9" * 30, "-1", "2147483648", "1e9"])
def test_any_offset_shows_a_page(browser: TestClient[Litestar], offset: str) -> None:
    """Far past the end is an empty page with a way back, never a database error."""
    answer = browser.get("/", params={"offset": offset})
    assert answer.status_code == 200
