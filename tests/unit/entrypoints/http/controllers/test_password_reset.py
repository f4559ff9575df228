"""POST /auth/password-reset and /confirm over the in-memory adapters."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path
from typing import Final

from litestar import Litestar
from litestar.testing import TestClient

from adapters.mail.files import FileMailer
from adapters.mail.rendering import MailRenderer
from decision_core.usecases.context import Services
from decision_core.usecases.mail_delivery import drain_outbox
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, Api, Tokens

RESET: Final = "/api/v1/auth/password-reset"
CONFIRM: Final = "/api/v1/auth/password-reset/confirm"
NEW_PASSWORD: Final = "a brand new passphrase"  # noqa: S105 - a test user's password
PUBLIC_URL: Final = "https://dt.example.com"
LINK: Final = re.compile(rf"{re.escape(PUBLIC_URL)}/reset-password\?token=(?P<token>[\w-]+)")


def token_from_mail(services: Services, folder: Path) -> str:
    """Deliver the outbox as .eml files; the token of the reset link in the one written."""
    renderer = MailRenderer(sender="dt <noreply@dt.example.com>", public_url=PUBLIC_URL)
    assert drain_outbox(services, FileMailer(renderer, folder), limit=10).sent == 1
    (eml,) = folder.glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    found = LINK.search(str(text.get_content()))
    assert found is not None
    assert f'href="{found[0]}"' in str(html.get_content())
    return found["token"]


def test_the_answer_is_the_same_for_known_and_unknown_emails(
    client: TestClient[Litestar], owner_tokens: Tokens
) -> None:
    """202 and one body, whoever asks."""
    del owner_tokens
    known = client.post(RESET, json={"email": OWNER_EMAIL})
    unknown = client.post(RESET, json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert "30 minutes" in known.json()["message"]


def test_the_mailed_link_resets_the_password_and_signs_out_everywhere(
    client: TestClient[Litestar], api: Api, owner_tokens: Tokens, services: Services, tmp_path: Path
) -> None:
    """The whole path: ask, read the mail, confirm; old tokens die, the new password works."""
    assert client.post(RESET, json={"email": OWNER_EMAIL}).status_code == 202
    token = token_from_mail(services, tmp_path)
    confirmed = client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    assert confirmed.status_code == 204, confirmed.text
    refused = api.refresh(owner_tokens.refresh)
    assert (refused.status_code, refused.json()["detail"]) == (401, "invalid_refresh_token")
    assert api.try_login(OWNER_EMAIL).status_code == 401
    new_tokens = api.login(OWNER_EMAIL, NEW_PASSWORD)
    actions = {event["action"] for event in api.audit(new_tokens)}
    assert {"auth.password_reset", "auth.password_reset_requested"} <= actions
    again = client.post(CONFIRM, json={"token": token, "new_password": "another passphrase"})
    assert again.status_code == 400


def test_an_unusable_token_is_a_400_naming_the_field(client: TestClient[Litestar]) -> None:
    """``invalid_reset_token``, in the shape of every 400."""
    answer = client.post(CONFIRM, json={"token": "no-such-token", "new_password": NEW_PASSWORD})
    assert answer.status_code == 400
    body = answer.json()
    assert (body["detail"], body["field"]) == ("invalid_reset_token", "token")
    assert body["errors"][0]["field"] == "token"


def test_a_short_new_password_is_a_422(
    client: TestClient[Litestar], owner_tokens: Tokens, services: Services, tmp_path: Path
) -> None:
    """The registration rules, answered as they are at registration."""
    del owner_tokens
    client.post(RESET, json={"email": OWNER_EMAIL})
    token = token_from_mail(services, tmp_path)
    answer = client.post(CONFIRM, json={"token": token, "new_password": "short"})
    assert (answer.status_code, answer.json()["detail"]) == (422, "invalid_password")


def test_malformed_bodies_are_400s_naming_the_field(client: TestClient[Litestar]) -> None:
    """A missing or overlong field, or one the body does not have."""
    cases = [
        (RESET, {}, "email"),
        (RESET, {"email": "a@example.com", "extra": 1}, "extra"),
        (RESET, {"email": "a" * 321}, "email"),
        (CONFIRM, {"token": "t"}, "new_password"),
        (CONFIRM, {"token": "t" * 257, "new_password": NEW_PASSWORD}, "token"),
    ]
    for path, body, field in cases:
        answer = client.post(path, json=body)
        assert answer.status_code == 400, (path, body)
        assert answer.json()["field"] == field, (path, body)


def test_too_many_requests_are_a_429_with_retry_after(client: TestClient[Litestar]) -> None:
    """Per email and address, the same for an email nobody has."""
    for _ in range(5):
        assert client.post(RESET, json={"email": "nobody@example.com"}).status_code == 202
    answer = client.post(RESET, json={"email": "nobody@example.com"})
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == str(15 * 60)
    assert answer.json()["detail"] == "too_many_attempts"
