"""SPEC 2 on the wire: invites and the members of an account."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory import FixedClock
from tests.unit.entrypoints.http.wire import OWNER_EMAIL, Api, Tokens

INVITES = "/api/v1/accounts/me/invites"
MEMBERS = "/api/v1/accounts/me/members"


def user_id(api: Api, member: Tokens) -> str:
    """The id of the signed-in member."""
    return str(api.get("/api/v1/auth/me", member).json()["user"]["id"])


def test_an_invite_answers_201_with_code_role_and_expiry(api: Api, owner_tokens: Tokens) -> None:
    """Seven days by default."""
    response = api.post(INVITES, owner_tokens, {"role": "admin", "email": "new@example.com"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "code", "role", "email", "expires_at", "emailed"}
    assert (body["role"], body["email"], body["emailed"]) == ("admin", "new@example.com", True)
    assert body["expires_at"] == "2026-11-29T09:00:00Z"


def test_registering_with_an_invite_joins_with_its_role_once(
    api: Api, owner_tokens: Tokens
) -> None:
    """Single use: the second registration with the same code is refused."""
    code = api.post(INVITES, owner_tokens, {"role": "engineer"}).json()["code"]
    joined = api.register("first@example.com", invite_code=code).json()
    owner_account = api.get("/api/v1/auth/me", owner_tokens).json()["account"]["id"]
    assert (joined["role"], joined["account_id"]) == ("engineer", owner_account)
    assert api.register("second@example.com", invite_code=code).status_code == 400


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_only_an_owner_invites_an_owner_or_admin(api: Api, owner_tokens: Tokens, role: str) -> None:
    """An admin may invite engineers and viewers only."""
    admin = api.member(owner_tokens, "admin", "admin@example.com")
    assert api.post(INVITES, admin, {"role": role}).status_code == 403
    assert api.post(INVITES, admin, {"role": "viewer"}).status_code == 201


def test_an_engineer_may_not_invite(api: Api, owner_tokens: Tokens) -> None:
    """Owner or admin only."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    assert api.post(INVITES, engineer, {"role": "viewer"}).status_code == 403


def test_members_lists_role_active_flag_and_last_login(
    api: Api, owner_tokens: Tokens, clock: FixedClock
) -> None:
    """Oldest first, with exactly the SPEC's fields."""
    clock.advance(timedelta(minutes=1))  # joined later, so listed second
    api.member(owner_tokens, "viewer", "viewer@example.com")
    response = api.get(MEMBERS, owner_tokens)
    assert response.status_code == 200
    members = response.json()
    assert [(m["email"], m["role"]) for m in members] == [
        (OWNER_EMAIL, "owner"),
        ("viewer@example.com", "viewer"),
    ]
    assert set(members[0]) == {
        "id",
        "email",
        "name",
        "role",
        "is_active",
        "last_login_at",
        "created_at",
    }
    assert members[1]["last_login_at"] == "2026-11-22T09:01:00Z"


def test_an_engineer_may_not_list_members(api: Api, owner_tokens: Tokens) -> None:
    """Owner or admin only."""
    engineer = api.member(owner_tokens, "engineer", "engineer@example.com")
    assert api.get(MEMBERS, engineer).status_code == 403


def test_an_owner_changes_a_role(api: Api, owner_tokens: Tokens) -> None:
    """A field left out stays as it is."""
    member = api.member(owner_tokens, "viewer", "viewer@example.com")
    response = api.patch(f"{MEMBERS}/{user_id(api, member)}", owner_tokens, {"role": "engineer"})
    assert response.status_code == 200
    assert (response.json()["role"], response.json()["is_active"]) == ("engineer", True)


def test_deactivating_a_member_ends_their_sessions(api: Api, owner_tokens: Tokens) -> None:
    """Their refresh token stops working at once."""
    member = api.member(owner_tokens, "engineer", "engineer@example.com")
    patched = api.patch(f"{MEMBERS}/{user_id(api, member)}", owner_tokens, {"is_active": False})
    assert patched.json()["is_active"] is False
    refreshed = api.refresh(member.refresh)
    assert refreshed.json() == {"status_code": 401, "detail": "invalid_refresh_token"}


def test_demoting_the_last_owner_answers_409(api: Api, owner_tokens: Tokens) -> None:
    """An account always keeps an active owner."""
    me = user_id(api, owner_tokens)
    response = api.patch(f"{MEMBERS}/{me}", owner_tokens, {"role": "admin"})
    assert response.status_code == 409
    assert response.json()["detail"] == "last_owner"


def test_another_accounts_member_answers_404(api: Api, owner_tokens: Tokens) -> None:
    """Never 403: another tenant's ids do not exist for this one."""
    stranger = api.owner("stranger@elsewhere.example")
    for target in (user_id(api, stranger), str(uuid4())):
        response = api.patch(f"{MEMBERS}/{target}", owner_tokens, {"role": "viewer"})
        assert response.status_code == 404


def test_an_admin_may_not_change_members(api: Api, owner_tokens: Tokens) -> None:
    """PATCH is the owner's."""
    admin = api.member(owner_tokens, "admin", "admin@example.com")
    viewer = api.member(owner_tokens, "viewer", "viewer@example.com")
    response = api.patch(f"{MEMBERS}/{user_id(api, viewer)}", admin, {"role": "engineer"})
    assert response.status_code == 403
