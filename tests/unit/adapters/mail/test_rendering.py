"""Outbox messages as MIME: both parts, stable headers, escaping only where it belongs."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from uuid import UUID

import pytest
from jinja2 import UndefinedError

from adapters.mail.rendering import FALLBACK_DOMAIN, MailRenderer, message_id
from decision_core.json_value import JsonValue
from decision_core.mail import OutgoingMail
from tests.unit.conftest import START

MAIL_ID = UUID("0b0e2c1e-5d9c-4d93-9a8a-6f1f0a6c0d11")
RENDERER = MailRenderer(
    sender="Decision Tree <noreply@dt.example.com>", public_url="https://dt.example.com/"
)


def reset_mail(name: str = "Ada") -> OutgoingMail:
    """A password-reset message as the outbox holds it."""
    values: dict[str, JsonValue] = {"name": name, "token": "tok-123_ABC", "minutes": 30}
    return OutgoingMail(MAIL_ID, "ada@example.com", "password_reset", values, START)


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies, read back from the bytes that would be sent."""
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert text is not None
    assert html is not None
    return str(text.get_content()), str(html.get_content())


def test_a_message_has_both_parts_and_the_headers_of_its_outbox_row() -> None:
    """multipart/alternative; From, To, Subject, and a Date and Message-ID that never change."""
    message = RENDERER.render(reset_mail())
    assert message.get_content_type() == "multipart/alternative"
    assert message["From"] == "Decision Tree <noreply@dt.example.com>"
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Reset your decision-tree password"
    assert message["Message-ID"] == f"<{MAIL_ID}@dt.example.com>"
    assert parsedate_to_datetime(message["Date"]) == START
    assert RENDERER.render(reset_mail()).as_bytes() == message.as_bytes()


def test_the_link_is_built_from_the_public_url_and_the_token() -> None:
    """Both parts carry the same working link (no doubled slash from PUBLIC_URL's)."""
    text, html = parts(RENDERER.render(reset_mail()))
    link = "https://dt.example.com/reset-password?token=tok-123_ABC"
    assert link in text
    assert f'href="{link}"' in html
    assert "Hello Ada," in text
    assert "within 30 minutes" in text


def test_html_is_escaped_and_plain_text_is_not() -> None:
    """A name with markup is text in the HTML part, and literal in the plain one."""
    text, html = parts(RENDERER.render(reset_mail(name="<b>Ada & Bo</b>")))
    assert "&lt;b&gt;Ada &amp; Bo&lt;/b&gt;" in html
    assert "<b>Ada" not in html
    assert "Hello <b>Ada & Bo</b>," in text


def test_a_missing_value_fails_the_rendering() -> None:
    """A template never sends an empty gap where a value should be."""
    mail = OutgoingMail(MAIL_ID, "ada@example.com", "password_reset", {"name": "Ada"}, START)
    with pytest.raises(UndefinedError):
        RENDERER.render(mail)


def test_a_sender_without_a_domain_gets_the_reserved_one() -> None:
    """The Message-ID stays well-formed whatever MAIL_FROM says."""
    assert message_id(reset_mail(), "decision-tree") == f"<{MAIL_ID}@{FALLBACK_DOMAIN}>"


@pytest.mark.parametrize("name", ["Ada", "Zoë Ångström"])
def test_the_link_is_whole_in_the_raw_message(name: str) -> None:
    """Never quoted-printable, so a link copied out of an .eml file works."""
    raw = RENDERER.render(reset_mail(name=name)).as_bytes()
    assert b"https://dt.example.com/reset-password?token=tok-123_ABC" in raw
    assert b"=3D" not in raw
    assert name.encode() in raw
