"""Two-factor sign-in over the wire, as test steps."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

import httpx

from decision_core.login.totp import PERIOD_SECONDS
from tests.unit.entrypoints.http.wire import PASSWORD, Api, Json, Tokens, bearer
from tests.unit.two_factor_steps import Authenticator

TWO_FACTOR: Final = "/api/v1/auth/two-factor"
ENROLMENT: Final = "/api/v1/auth/two-factor/enrolment"
CONFIRM: Final = "/api/v1/auth/two-factor/enrolment/confirm"
COMPLETE: Final = "/api/v1/auth/login/two-factor"
REAUTHENTICATE: Final = "/api/v1/auth/reauthenticate"
REQUIREMENT: Final = "/api/v1/accounts/me/security/two-factor"
NEXT_STEP: Final = timedelta(seconds=PERIOD_SECONDS)


def enrol(api: Api, caller: Tokens, now: datetime) -> tuple[Authenticator, list[str]]:
    """Turn two-factor sign-in on for ``caller``: the authenticator and the recovery codes."""
    started = api.post(ENROLMENT, caller)
    assert started.status_code == 201, started.text
    authenticator = Authenticator(started.json()["secret"])
    confirmed = api.post(CONFIRM, caller, {"code": authenticator.code_at(now)})
    assert confirmed.status_code == 200, confirmed.text
    codes: list[str] = confirmed.json()["recovery_codes"]
    return authenticator, codes


def challenge_of(api: Api, email: str, password: str = PASSWORD) -> Json:
    """The 401 body of a sign-in that needs a second factor."""
    response = api.try_login(email, password)
    assert response.status_code == 401, response.text
    body: Json = response.json()
    assert body["detail"] == "two_factor_required"
    return body


def complete(api: Api, challenge: str, code: str) -> httpx.Response:
    """POST /api/v1/auth/login/two-factor."""
    return api.client.post(COMPLETE, json={"challenge": challenge, "code": code})


def delete_with(api: Api, path: str, caller: Tokens, body: Json) -> httpx.Response:
    """DELETE with a JSON body."""
    return api.client.request("DELETE", path, headers=bearer(caller.access), json=body)
