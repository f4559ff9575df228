"""The invite mail: the join link whole in both parts, and the invitation's particulars."""

from __future__ import annotations

from uuid import UUID

from decision_core.json_value import JsonValue
from decision_core.mail import INVITE, OutgoingMail
from tests.unit.adapters.mail.test_rendering import RENDERER, parts
from tests.unit.conftest import START

MAIL_ID = UUID("5a3c1e2f-0b0e-4d93-9a8a-6f1f0a6c0d12")


def invite_mail(inviter_name: str | None = "Ada <Lovelace>") -> OutgoingMail:
    """An invite message as the outbox holds it."""
    values: dict[str, JsonValue] = {
        "code": "c0de-_XYZ",
        "account_name": "Acme & Co",
        "role": "engineer",
        "inviter_name": inviter_name,
        "expires_at": "29 November 2026, 09:00 UTC",
    }
    return OutgoingMail(MAIL_ID, "new@example.com", INVITE, values, START)


def test_both_parts_carry_the_join_link_and_what_the_invite_offers() -> None:
    """Link under PUBLIC_URL; account, role, inviter, addressee and expiry; HTML escaped."""
    message = RENDERER.render(invite_mail())
    assert message["Subject"] == "You are invited to decision-tree"
    text, html = parts(message)
    assert "https://dt.example.com/join/c0de-_XYZ\n" in text
    assert 'href="https://dt.example.com/join/c0de-_XYZ"' in html
    for shown in ("Ada <Lovelace> invites you", "Acme & Co", "as engineer", "new@example.com"):
        assert shown in " ".join(text.split())
    assert "until 29 November 2026, 09:00 UTC" in " ".join(text.split())
    assert "Ada &lt;Lovelace&gt; invites you" in html
    assert "Acme &amp; Co" in html


def test_an_operators_invite_names_no_inviter() -> None:
    """Without an inviter's name the mail says the reader is invited."""
    text, html = parts(RENDERER.render(invite_mail(None)))
    assert text.startswith("Hello,\n\nYou are invited to join Acme & Co")
    assert "You are invited to join" in html
