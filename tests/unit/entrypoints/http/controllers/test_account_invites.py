"""Issue 22 item 3 on the wire: invites mailed, listed, resent and revoked."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory import FixedClock, MemoryStore
from decision_core.mail import INVITE
from tests.unit.entrypoints.http.wire import Api, Json, Tokens

INVITES = "/api/v1/accounts/me/invites"
NEWCOMER = "new@example.com"


def invite(api: Api, caller: Tokens, role: str = "viewer", email: str | None = NEWCOMER) -> Json:
    """Create an invite as ``caller``; its body."""
    response = api.post(INVITES, caller, {"role": role, "email": email})
    assert response.status_code == 201, response.text
    body: Json = response.json()
    return body


def mailed_codes(store: MemoryStore) -> list[str]:
    """The join codes of the invite mails in the outbox, oldest first."""
    records = sorted(store.tables.outbox.values(), key=lambda r: r.mail.created_at)
    return [str(r.mail.values["code"]) for r in records if r.mail.template == INVITE]


def test_an_invite_with_an_email_is_mailed_and_one_without_is_not(
    api: Api, owner_tokens: Tokens, store: MemoryStore
) -> None:
    """The answer says whether the link was mailed; the mail carries the code of the link."""
    mailed = invite(api, owner_tokens)
    shown = invite(api, owner_tokens, email=None)
    assert (mailed["emailed"], shown["emailed"]) == (True, False)
    assert mailed_codes(store) == [mailed["code"]]


def test_the_list_shows_open_invites_with_their_fields_and_never_a_code(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """Newest first; state open by default; paged like the other lists."""
    first = invite(api, owner_tokens, "engineer")
    clock.advance(timedelta(seconds=1))
    second = invite(api, owner_tokens, email=None)
    response = api.get(INVITES, owner_tokens)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert [item["id"] for item in body["items"]] == [second["id"], first["id"]]
    owner_id = api.get("/api/v1/auth/me", owner_tokens).json()["user"]["id"]
    assert body["items"][1] == {
        "id": first["id"],
        "role": "engineer",
        "email": NEWCOMER,
        "created_at": "2026-11-22T09:00:00Z",
        "created_by": owner_id,
        "expires_at": "2026-11-29T09:00:00Z",
        "state": "open",
    }
    page = api.get(INVITES, owner_tokens, {"limit": 1, "offset": 1}).json()
    assert ([item["id"] for item in page["items"]], page["total"]) == ([first["id"]], 2)


@pytest.mark.parametrize(
    ("params", "field"),
    [({"state": "gone"}, "state"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset")],
)
def test_a_bad_listing_parameter_is_a_400_naming_it(
    api: Api, owner_tokens: Tokens, params: dict[str, str | int], field: str
) -> None:
    """Never a 500."""
    response = api.get(INVITES, owner_tokens, params)
    assert response.status_code == 400
    assert field in response.text


def test_resend_mails_a_new_link_and_the_old_one_stops_working(
    api: Api, owner_tokens: Tokens, store: MemoryStore, clock: FixedClock
) -> None:
    """200 with the invite and its new expiry; the old code is an unknown one now."""
    created = invite(api, owner_tokens)
    clock.advance(timedelta(minutes=1))  # within the access token's lifetime
    response = api.post(f"{INVITES}/{created['id']}/resend", owner_tokens)
    assert response.status_code == 200, response.text
    assert (response.json()["expires_at"], response.json()["state"]) == (
        "2026-11-29T09:01:00Z",
        "open",
    )
    old, new = mailed_codes(store)
    assert old == created["code"] != new
    assert api.register(NEWCOMER, invite_code=old).json()["detail"] == "invalid_invite"
    assert api.register(NEWCOMER, invite_code=new).status_code == 201
    [event] = api.audit(owner_tokens, "member.invite_resent")
    assert event["resource_id"] == created["id"]


def test_resend_refuses_used_revoked_and_unaddressed_invites(
    api: Api, owner_tokens: Tokens
) -> None:
    """409 invite_used or invite_revoked; 422 invite_without_email."""
    used = invite(api, owner_tokens)
    api.register(NEWCOMER, invite_code=used["code"])
    revoked = invite(api, owner_tokens, email="other@example.com")
    assert api.delete(f"{INVITES}/{revoked['id']}", owner_tokens).status_code == 204
    unaddressed = invite(api, owner_tokens, email=None)
    answers = {
        name: api.post(f"{INVITES}/{body['id']}/resend", owner_tokens)
        for name, body in {"used": used, "revoked": revoked, "none": unaddressed}.items()
    }
    assert {name: (r.status_code, r.json()["detail"]) for name, r in answers.items()} == {
        "used": (409, "invite_used"),
        "revoked": (409, "invite_revoked"),
        "none": (422, "invite_without_email"),
    }


def test_revoke_is_204_idempotent_and_the_code_then_answers_as_unknown(
    api: Api, owner_tokens: Tokens
) -> None:
    """Registering with a revoked code is the same 400 as with a code never issued."""
    created = invite(api, owner_tokens, email=None)
    assert api.delete(f"{INVITES}/{created['id']}", owner_tokens).status_code == 204
    assert api.delete(f"{INVITES}/{created['id']}", owner_tokens).status_code == 204
    revoked = api.register(NEWCOMER, invite_code=created["code"])
    unknown = api.register("other@example.com", invite_code="never-issued")
    assert (revoked.status_code, revoked.json()) == (unknown.status_code, unknown.json())
    assert len(api.audit(owner_tokens, "member.invite_revoked")) == 1
    listed = api.get(INVITES, owner_tokens, {"state": "revoked"}).json()["items"]
    assert [(item["id"], item["state"]) for item in listed] == [(created["id"], "revoked")]


def test_a_used_invite_cannot_be_revoked(api: Api, owner_tokens: Tokens) -> None:
    """409 invite_used."""
    created = invite(api, owner_tokens)
    api.register(NEWCOMER, invite_code=created["code"])
    response = api.delete(f"{INVITES}/{created['id']}", owner_tokens)
    assert (response.status_code, response.json()["detail"]) == (409, "invite_used")


def test_another_accounts_or_an_unknown_invite_is_404(api: Api, owner_tokens: Tokens) -> None:
    """Resend and revoke alike; the other account's invite stays as it was."""
    stranger = api.owner("stranger@example.com")
    theirs = invite(api, stranger)
    for invite_id in (theirs["id"], str(uuid4())):
        assert api.post(f"{INVITES}/{invite_id}/resend", owner_tokens).status_code == 404
        assert api.delete(f"{INVITES}/{invite_id}", owner_tokens).status_code == 404
    assert api.get(INVITES, stranger).json()["items"][0]["state"] == "open"


def test_an_admin_manages_only_engineer_and_viewer_invites(api: Api, owner_tokens: Tokens) -> None:
    """The owner's admin invite is hidden from the admin's list, and 403 to resend or revoke."""
    admin = api.member(owner_tokens, "admin", "admin@example.com")
    for_admin = invite(api, owner_tokens, "admin", "second-admin@example.com")
    for_viewer = invite(api, admin)
    listed = api.get(INVITES, admin).json()
    assert [item["id"] for item in listed["items"]] == [for_viewer["id"]]
    assert api.post(f"{INVITES}/{for_admin['id']}/resend", admin).status_code == 403
    assert api.delete(f"{INVITES}/{for_admin['id']}", admin).status_code == 403
    assert api.delete(f"{INVITES}/{for_viewer['id']}", admin).status_code == 204


def test_an_engineer_may_not_list_invites(api: Api, owner_tokens: Tokens) -> None:
    """Owner or admin only."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    assert api.get(INVITES, engineer).status_code == 403
