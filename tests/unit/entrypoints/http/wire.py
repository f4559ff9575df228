"""Speaking to the HTTP app in tests: sign-ups, sign-ins and token inspection."""

from __future__ import annotations

from typing import Any, Final

import attrs
import httpx
import jwt

# A test secret of the required 32+ bytes; tokens are real HS256 JWTs signed with it.
# 64 bytes, so that even an HS512 forgery in a test can be signed without a key warning.
SECRET: Final = "unit-test-secret-0123456789abcdefghijklmnopqrstuvwxyz0123456789AB"  # noqa: S105
PASSWORD: Final = "correct horse battery"  # noqa: S105 - a test user's password
OWNER_EMAIL: Final = "owner@example.com"

Json = dict[str, Any]


@attrs.frozen
class Tokens:
    """A sign-in's token response."""

    body: Json

    @property
    def access(self) -> str:
        """The access token."""
        return str(self.body["access_token"])

    @property
    def refresh(self) -> str:
        """The refresh token."""
        return str(self.body["refresh_token"])


def bearer(token: str) -> dict[str, str]:
    """The Authorization header carrying ``token``."""
    return {"Authorization": f"Bearer {token}"}


def claims_of(token: str) -> Json:
    """The claims of a token we signed, read with PyJWT (time is not checked)."""
    options: jwt.types.Options = {"verify_exp": False, "verify_iat": False}
    decoded: Json = jwt.decode(token, SECRET, algorithms=["HS256"], options=options)
    return decoded


def signed(claims: Json, secret: str = SECRET) -> str:
    """A token with exactly ``claims``, signed as the server would (or with another secret)."""
    return jwt.encode(claims, secret, algorithm="HS256")


@attrs.frozen
class Api:
    """The app's endpoints as test steps; each returns the raw response unless it says so."""

    client: httpx.Client  # a TestClient in process, or a client of a served app

    def register(
        self,
        email: str,
        *,
        password: str = PASSWORD,
        account_name: str | None = None,
        invite_code: str | None = None,
    ) -> httpx.Response:
        """POST /api/v1/auth/register."""
        body: Json = {"email": email, "password": password, "name": email.partition("@")[0]}
        if account_name is not None:
            body["account_name"] = account_name
        if invite_code is not None:
            body["invite_code"] = invite_code
        return self.client.post("/api/v1/auth/register", json=body)

    def try_login(self, email: str, password: str = PASSWORD) -> httpx.Response:
        """POST /api/v1/auth/login/json."""
        return self.client.post(
            "/api/v1/auth/login/json", json={"email": email, "password": password}
        )

    def login(self, email: str, password: str = PASSWORD) -> Tokens:
        """Sign in, which must succeed."""
        response = self.try_login(email, password)
        assert response.status_code == 200, response.text
        return Tokens(response.json())

    def refresh(self, refresh_token: str) -> httpx.Response:
        """POST /api/v1/auth/refresh with the token as the bearer."""
        return self.client.post("/api/v1/auth/refresh", headers=bearer(refresh_token))

    def owner(self, email: str = OWNER_EMAIL) -> Tokens:
        """Register the owner of a new account and sign them in."""
        assert self.register(email).status_code == 201
        return self.login(email)

    def member(self, owner: Tokens, role: str, email: str) -> Tokens:
        """Invite ``email`` with ``role`` into the owner's account, register, sign in."""
        invite = self.post("/api/v1/accounts/me/invites", owner, {"role": role})
        assert invite.status_code == 201, invite.text
        assert self.register(email, invite_code=invite.json()["code"]).status_code == 201
        return self.login(email)

    def get(
        self, path: str, caller: Tokens, params: dict[str, str | int] | None = None
    ) -> httpx.Response:
        """GET as ``caller``."""
        return self.client.get(path, headers=bearer(caller.access), params=params)

    def post(self, path: str, caller: Tokens, body: Json | None = None) -> httpx.Response:
        """POST ``body`` as ``caller``."""
        return self.client.post(path, headers=bearer(caller.access), json=body)

    def patch(self, path: str, caller: Tokens, body: Json) -> httpx.Response:
        """PATCH ``body`` as ``caller``."""
        return self.client.patch(path, headers=bearer(caller.access), json=body)

    def delete(self, path: str, caller: Tokens) -> httpx.Response:
        """DELETE as ``caller``."""
        return self.client.delete(path, headers=bearer(caller.access))

    def audit(self, caller: Tokens, action: str | None = None) -> list[Json]:
        """The caller's account's audit events (newest first), optionally of one action."""
        params: dict[str, str | int] = {"limit": 200} | ({"action": action} if action else {})
        response = self.get("/api/v1/accounts/me/audit", caller, params)
        assert response.status_code == 200, response.text
        items: list[Json] = response.json()["items"]
        return items
