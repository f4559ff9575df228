"""Steps a person takes in the browser, shared by the tests."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Final
from uuid import UUID

import pyotp
from playwright.sync_api import Page, expect

from decision_core.clock import unix_seconds
from decision_core.login.policy import PolicyPatch
from decision_core.login.revocation import BulkScope
from decision_core.roles import Role
from decision_core.usecases import account_security, registration
from decision_core.usecases.context import Operator
from tests.e2e.served import ServedApp

PASSWORD: Final = "correct horse battery"  # noqa: S105 - a test user's password
MAIL_WAIT_SECONDS: Final = 10.0
RESET_LINK: Final = re.compile(r"http://127\.0\.0\.1:\d+/reset-password\?token=[\w-]+")
OWNER_EMAIL: Final = "olive@example.com"


def register(page: Page, *, name: str, email: str, account_name: str = "Acme Support") -> None:
    """Create an account through /register; the page ends signed in on the home page."""
    page.goto("/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Account name").fill(account_name)
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".site-header__account")).to_have_text(account_name)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through /login."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def account_of(app: ServedApp, email: str) -> UUID:
    """The account of the member with this email."""
    with app.services.uow() as uow:
        user = uow.users.get_by_email(email)
    assert user is not None
    return user.account_id


def invite_link(app: ServedApp, account_id: UUID, role: Role) -> str:
    """A join link for ``role`` in the account, made as the CLI would (no browser needed)."""
    issued = registration.create_invite(app.services, Operator(account_id=account_id), role)
    return f"/join/{issued.code}"


def join(page: Page, link: str, *, name: str, email: str) -> None:
    """Redeem an invite link; the page ends signed in."""
    page.goto(link)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Join and sign in").click()
    expect(page.get_by_role("heading", name="Trees", exact=True)).to_be_visible()


def advance_clocks(app: ServedApp, page: Page, delta: timedelta) -> None:
    """Move the server's and the browser's clocks forward together (``page.clock`` installed)."""
    app.clock.advance(delta)
    page.clock.fast_forward(int(delta.total_seconds() * 1000))


def owner_signed_in(page: Page, app: ServedApp) -> UUID:
    """Register Olive, the owner of Acme Support, in ``page``; her account's id."""
    register(page, name="Olive Owner", email=OWNER_EMAIL)
    return account_of(app, OWNER_EMAIL)


def set_policy(app: ServedApp, account_id: UUID, *, idle: int, absolute: int) -> None:
    """Give the account a custom session policy, as its owner would (applies at next sign-in)."""
    patch = PolicyPatch(idle_minutes=idle, absolute_minutes=absolute)
    account_security.update_security(app.services, Operator(account_id=account_id), patch)


def sign_out_everyone(app: ServedApp, account_id: UUID) -> None:
    """End every login session of the account, as the CLI's revoke-sessions would."""
    account_security.revoke_sessions(app.services, Operator(account_id=account_id), BulkScope.ALL)


def mails_to(app: ServedApp, email: str) -> list[EmailMessage]:
    """Every mail the server wrote to ``email`` so far, oldest first."""
    paths = sorted(app.mail_dir.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    messages = [message_from_bytes(path.read_bytes(), policy=policy.default) for path in paths]
    return [m for m in messages if isinstance(m, EmailMessage) and m["To"] == email]


def reset_link(page: Page, app: ServedApp, email: str) -> str:
    """Ask for a reset link on /forgot-password; the link in the mail that then arrives."""
    before = len(mails_to(app, email))
    page.goto("/forgot-password")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your mail")).to_be_visible()
    found = RESET_LINK.search(plain_text(next_mail_to(app, email, already=before)))
    assert found is not None
    return found[0]


def totp_code(app: ServedApp, secret: str) -> str:
    """An authenticator's code for ``secret`` at the server's time (pyotp, not our own TOTP)."""
    return pyotp.TOTP(secret).at(unix_seconds(app.clock.now()))


def next_mail_to(app: ServedApp, email: str, *, already: int) -> EmailMessage:
    """The newest mail to ``email``, once the server has written more than ``already``."""
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while len(mails := mails_to(app, email)) <= already:
        assert time.monotonic() < deadline, f"no mail to {email} arrived in {app.mail_dir}"
        time.sleep(0.05)
    return mails[-1]


def plain_text(mail: EmailMessage) -> str:
    """The plain-text part of ``mail``."""
    text = mail.get_body(("plain",))
    assert text is not None
    return str(text.get_content())
