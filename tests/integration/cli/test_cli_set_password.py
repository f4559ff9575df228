"""``set-password`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Final
from uuid import UUID

import pytest

from decision_core import audit
from decision_core.errors import InvalidCredentials, InvalidRefreshToken
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.registration import Registration, register
from decision_core.usecases.signin import login
from tests.integration.cli.conftest import RunCli, one_line_error

PASSWORD: Final = "correct horse battery"  # noqa: S105 - a test user's password
NEW_PASSWORD: Final = "a brand new passphrase"  # noqa: S105 - a test user's password


def test_set_password_replaces_it_and_signs_the_user_out_everywhere(
    run_cli: RunCli, services: Services
) -> None:
    """The new password works, the old one and every session do not; the event names the CLI."""
    owner = register(services, Registration("owner@example.com", PASSWORD, "Olive"))
    tokens = login(services, "owner@example.com", PASSWORD, ClientInfo())
    result = run_cli(
        "set-password", "--email", "OWNER@example.com", "--password-stdin",
        stdin=f"{NEW_PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert (printed["user_id"], printed["email"]) == (str(owner.id), "owner@example.com")
    with pytest.raises(InvalidRefreshToken):
        refresh(services, tokens.refresh_token, ClientInfo())
    with pytest.raises(InvalidCredentials):
        login(services, "owner@example.com", PASSWORD, ClientInfo())
    login(services, "owner@example.com", NEW_PASSWORD, ClientInfo())
    with services.uow() as uow:
        (event,) = uow.audit.page(
            owner.account_id, action=audit.PASSWORD_SET_BY_OPERATOR, before=None, limit=10
        )
    assert (event.user_id, event.resource_id) == (None, str(owner.id))
    assert event.details == {"revoked_sessions": 1, "actor": "cli"}
    assert UUID(printed["account_id"]) == owner.account_id


def test_set_password_for_an_unknown_email_is_one_line(run_cli: RunCli, services: Services) -> None:
    """Exit 1, naming the email."""
    del services
    result = run_cli(
        "set-password", "--email", "nobody@example.com", "--password-stdin",
        stdin=f"{NEW_PASSWORD}\n",
    )  # fmt: skip
    one_line_error(result, "nobody@example.com")


def test_set_password_refuses_a_short_password_in_one_line(
    run_cli: RunCli, services: Services
) -> None:
    """The registration rules; the password stays as it was."""
    register(services, Registration("owner@example.com", PASSWORD, "Olive"))
    result = run_cli(
        "set-password", "--email", "owner@example.com", "--password-stdin", stdin="short\n"
    )
    one_line_error(result, "password")
    login(services, "owner@example.com", PASSWORD, ClientInfo())
