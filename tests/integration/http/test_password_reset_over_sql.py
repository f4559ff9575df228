"""Password recovery over HTTP on SQLite and PostgreSQL: the mailed link, used once."""

from __future__ import annotations

import re
import threading
from contextlib import ExitStack
from email import message_from_bytes, policy
from pathlib import Path
from typing import Final

import httpx
from litestar import Litestar
from litestar.testing import TestClient

from adapters.mail.files import FileMailer
from adapters.mail.rendering import MailRenderer
from adapters.memory import FixedClock
from decision_core.usecases.context import Services
from decision_core.usecases.mail_delivery import drain_outbox
from tests.unit.entrypoints.http.two_factor_wire import NEXT_STEP, challenge_of, complete, enrol
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, Api, Tokens

from .conftest import AppFactory

RESET: Final = "/api/v1/auth/password-reset"
CONFIRM: Final = "/api/v1/auth/password-reset/confirm"
NEW_PASSWORD: Final = "a brand new passphrase"  # noqa: S105 - a test user's password
BARRIER_SECONDS: Final = 30  # they meet in far less; a worker that died must not hang the run
LINK: Final = re.compile(r"http://127\.0\.0\.1:8000/reset-password\?token=(?P<token>[\w-]+)")


def mailed_token(services: Services, folder: Path) -> str:
    """Deliver the outbox to .eml files; the token in the reset link of the one written."""
    renderer = MailRenderer(sender="dt <noreply@example.com>", public_url="http://127.0.0.1:8000")
    assert drain_outbox(services, FileMailer(renderer, folder), limit=10).sent == 1
    (eml,) = folder.glob("*.eml")
    found = LINK.search(message_from_bytes(eml.read_bytes(), policy=policy.default).as_string())
    assert found is not None
    return found["token"]


def test_the_mailed_link_resets_the_password_once_and_ends_every_session(
    api: Api, owner_tokens: Tokens, services: Services, tmp_path: Path
) -> None:
    """Known and unknown emails answer alike; the link works once; old sessions are gone."""
    known = api.client.post(RESET, json={"email": OWNER_EMAIL})
    unknown = api.client.post(RESET, json={"email": "nobody@example.com"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    token = mailed_token(services, tmp_path)
    body = {"token": token, "new_password": NEW_PASSWORD}
    assert api.client.post(CONFIRM, json=body).status_code == 204
    assert api.client.post(CONFIRM, json=body).json()["detail"] == "invalid_reset_token"
    assert api.refresh(owner_tokens.refresh).json()["detail"] == "invalid_refresh_token"
    api.login(OWNER_EMAIL, NEW_PASSWORD)


def test_of_simultaneous_uses_of_one_link_exactly_one_succeeds(
    api: Api, owner_tokens: Tokens, services: Services, make_app: AppFactory, tmp_path: Path
) -> None:
    """Four workers confirming at once: one 204, three 400s, one password set."""
    del owner_tokens
    api.client.post(RESET, json={"email": OWNER_EMAIL})
    token = mailed_token(services, tmp_path)
    start = threading.Barrier(4, timeout=BARRIER_SECONDS)
    answers: dict[int, httpx.Response] = {}

    def confirm(n: int, worker: TestClient[Litestar]) -> None:
        start.wait()
        body = {"token": token, "new_password": f"{NEW_PASSWORD} {n}"}
        answers[n] = worker.post(CONFIRM, json=body)

    # The workers are made and started here, one at a time, and only their requests race:
    # each Litestar app retries an optional import that fails (pydantic's plugins), and
    # threads importing one module at once can find it half made and die.
    with ExitStack() as running:
        workers = [running.enter_context(TestClient(app=make_app())) for _ in range(4)]
        threads = [
            threading.Thread(target=confirm, args=(n, worker)) for n, worker in enumerate(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(answer.status_code for answer in answers.values()) == [204, 400, 400, 400]
    (winner,) = (n for n, answer in answers.items() if answer.status_code == 204)
    signed_in = api.login(OWNER_EMAIL, f"{NEW_PASSWORD} {winner}")
    assert len(api.audit(signed_in, "auth.password_reset")) == 1


def test_a_reset_closes_a_two_factor_sign_in_left_halfway(
    api: Api, owner_tokens: Tokens, services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    """The old password's challenge is refused even with the right code; the new one's completes."""
    authenticator, _ = enrol(api, owner_tokens, clock.now())
    clock.advance(NEXT_STEP)
    challenge = challenge_of(api, OWNER_EMAIL)["challenge"]
    api.client.post(RESET, json={"email": OWNER_EMAIL})
    body = {"token": mailed_token(services, tmp_path), "new_password": NEW_PASSWORD}
    assert api.client.post(CONFIRM, json=body).status_code == 204
    refused = complete(api, challenge, authenticator.code_at(clock.now()))
    assert (refused.status_code, refused.json()) == (
        401,
        {"status_code": 401, "detail": "invalid_two_factor_challenge"},
    )
    fresh = challenge_of(api, OWNER_EMAIL, NEW_PASSWORD)["challenge"]
    assert complete(api, fresh, authenticator.code_at(clock.now())).status_code == 200
