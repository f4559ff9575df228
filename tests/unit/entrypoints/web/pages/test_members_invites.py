"""The Members page's invites: mailed when addressed, listed while open, resent and revoked."""

from __future__ import annotations

import re
from uuid import UUID, uuid4

import pytest

from adapters.memory import MemoryStore
from decision_core.mail import INVITE
from decision_core.roles import Role
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.registration import IssuedInvite, create_invite
from tests.unit.entrypoints.web.conftest import Client, csrf_token, register_and_sign_in
from tests.unit.entrypoints.web.pages.test_library import owner_account, sign_in_as

MEMBERS = "/account/members"


@pytest.fixture
def account(browser: Client, services: Services) -> UUID:
    """The owner signed in; the account's id."""
    register_and_sign_in(browser)
    return owner_account(services)


def post(browser: Client, path: str, form: dict[str, str] | None = None) -> str:
    """Submit a Members page form; the page it answers with (status checked by the caller)."""
    data = {"_csrf_token": csrf_token(browser, MEMBERS), **(form or {})}
    return browser.post(path, data=data).text


def invite(
    services: Services, account: UUID, email: str | None = "new@example.com"
) -> IssuedInvite:
    """An engineer invite the operator creates."""
    return create_invite(services, Operator(account), Role.ENGINEER, email)


def test_an_invite_with_an_email_says_it_was_mailed(
    browser: Client, account: UUID, store: MemoryStore
) -> None:
    """The banner names the address, and still offers the link to copy; the outbox has the mail."""
    del account
    page = post(browser, f"{MEMBERS}/invite", {"role": "viewer", "email": "new@example.com"})
    assert "We emailed the link to new@example.com." in page
    link = re.search(r'id="join-link" type="text" readonly value="[^"]+/join/([\w-]+)"', page)
    assert link is not None
    [mail] = [r.mail for r in store.tables.outbox.values() if r.mail.template == INVITE]
    assert (mail.to, mail.values["code"]) == ("new@example.com", link.group(1))


def test_an_invite_without_an_email_only_shows_the_link(
    browser: Client, account: UUID, store: MemoryStore
) -> None:
    """Nothing is mailed, and the page does not say so."""
    del account
    page = post(browser, f"{MEMBERS}/invite", {"role": "viewer", "email": ""})
    assert "Send this link; it is shown only now." in page
    assert "We emailed" not in page
    assert store.tables.outbox == {}


def test_open_invites_are_listed_with_resend_only_when_addressed_and_revoke(
    browser: Client, services: Services, account: UUID
) -> None:
    """Each open invite has a Revoke button behind a dialog; Resend needs an email."""
    addressed, anyone = invite(services, account), invite(services, account, None)
    page = browser.get(MEMBERS).text
    assert "Open invites" in page
    assert f'action="/account/members/invites/{addressed.id}/resend"' in page
    assert f'action="/account/members/invites/{anyone.id}/resend"' not in page
    for issued in (addressed, anyone):
        assert f'data-open-dialog="revoke-invite-{issued.id}"' in page
        assert f'<dialog id="revoke-invite-{issued.id}"' in page
        assert f'action="/account/members/invites/{issued.id}/revoke"' in page
    assert "anyone with the link" in page


def test_no_open_invites_says_so(browser: Client, account: UUID) -> None:
    """An empty list is a sentence, not an empty table."""
    del account
    assert "No open invites." in browser.get(MEMBERS).text


def test_resend_mails_a_new_link_and_says_so(
    browser: Client, services: Services, account: UUID, store: MemoryStore
) -> None:
    """The notice names the address; a second mail is owed with another code."""
    issued = invite(services, account)
    answer = browser.post(
        f"{MEMBERS}/invites/{issued.id}/resend", data={"_csrf_token": csrf_token(browser, MEMBERS)}
    )
    assert answer.status_code == 200
    assert "We emailed a new link to new@example.com." in answer.text
    codes = {r.mail.values["code"] for r in store.tables.outbox.values()}
    assert len(codes) == 2


def test_revoke_takes_the_invite_off_the_list(
    browser: Client, services: Services, account: UUID
) -> None:
    """The notice says the link is dead; the invite is no longer listed."""
    issued = invite(services, account)
    page = post(browser, f"{MEMBERS}/invites/{issued.id}/revoke")
    assert "The invite was revoked; its link no longer works." in page
    assert f"revoke-invite-{issued.id}" not in page


def test_refusals_are_explained_with_the_apis_status(
    browser: Client, services: Services, account: UUID
) -> None:
    """No email: 422; revoked: 409; unknown: 404; an owner's invite, for an admin: 403."""
    unaddressed, revoked = invite(services, account, None), invite(services, account)
    post(browser, f"{MEMBERS}/invites/{revoked.id}/revoke")
    token = {"_csrf_token": csrf_token(browser, MEMBERS)}
    cases = {
        f"{MEMBERS}/invites/{unaddressed.id}/resend": (422, "has no email to send it to"),
        f"{MEMBERS}/invites/{revoked.id}/resend": (409, "That invite was revoked."),
        f"{MEMBERS}/invites/{uuid4()}/revoke": (404, "That invite is not in this account."),
    }
    for path, (status, message) in cases.items():
        answer = browser.post(path, data=token)
        assert (answer.status_code, message in answer.text) == (status, True), path
    for_admin = create_invite(services, Operator(account), Role.ADMIN, "boss@example.com")
    sign_in_as(browser, services, account, Role.ADMIN)
    answer = browser.post(
        f"{MEMBERS}/invites/{for_admin.id}/revoke",
        data={"_csrf_token": csrf_token(browser, MEMBERS)},
    )
    assert answer.status_code == 403
    assert "only an owner can manage" in answer.text
    assert f"revoke-invite-{for_admin.id}" not in answer.text
