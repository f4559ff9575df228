"""``list-invites``, ``resend-invite`` and ``revoke-invite`` on SQLite and PostgreSQL.

With the invite mail delivered by ``send-mail`` to the file outbox: the link
in the mail joins, and after a resend only the new one does.
"""

from __future__ import annotations

import json
import re
from email import message_from_bytes, policy
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from decision_core import audit
from decision_core.errors import InvalidInvite
from decision_core.roles import Role
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.registration import Registration, create_invite, register
from tests.integration.cli.conftest import RunCli, one_line_error
from tests.integration.cli.test_cli_accounts import PASSWORD, create_account, events

PUBLIC_URL = "https://dt.example.com"
JOIN_LINK = re.compile(re.escape(PUBLIC_URL) + r"/join/([A-Za-z0-9_-]+)")


def joining(code: str, email: str = "eve@example.com") -> Registration:
    """A registration with an invite code."""
    return Registration(email=email, password=PASSWORD, name="Eve", invite_code=code)


def mailed_codes(run_cli: RunCli, folder: Path) -> list[str]:
    """Deliver the outbox into ``folder``; the join codes of every mail there, oldest first."""
    assert run_cli("send-mail").exit_code == 0
    codes = []
    for file in sorted(folder.glob("*.eml"), key=lambda f: f.stat().st_mtime_ns):
        message = message_from_bytes(file.read_bytes(), policy=policy.default)
        found = JOIN_LINK.search(message.as_string())
        assert found is not None, message.as_string()
        codes.append(found.group(1))
    return codes


@pytest.fixture
def mail_folder(cli_environment: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The file outbox the commands deliver to, with links under PUBLIC_URL."""
    folder = tmp_path / "outgoing"
    cli_environment.setenv("MAIL_DIR", str(folder))
    cli_environment.setenv("PUBLIC_URL", PUBLIC_URL)
    return folder


def test_the_mailed_link_joins_and_a_resend_replaces_it(
    run_cli: RunCli, services: Services, mail_folder: Path
) -> None:
    """The invite mail's link works; resend-invite mails a new one and the old stops working."""
    account_id = create_account(run_cli)["account_id"]
    issued = create_invite(services, Operator(UUID(account_id)), Role.VIEWER, "eve@example.com")
    [first] = mailed_codes(run_cli, mail_folder)
    assert first == issued.code
    result = run_cli("resend-invite", "--account", account_id, "--invite", str(issued.id))
    assert result.exit_code == 0, result.stderr
    resent = json.loads(result.stdout)
    assert (resent["id"], resent["state"], resent["email"]) == (
        str(issued.id),
        "open",
        "eve@example.com",
    )
    assert set(resent) == {"id", "role", "email", "created_at", "created_by", "expires_at", "state"}
    old, new = mailed_codes(run_cli, mail_folder)
    assert old == first != new
    with pytest.raises(InvalidInvite):
        register(services, joining(old))
    assert register(services, joining(new)).role is Role.VIEWER
    [event] = events(services, account_id, audit.MEMBER_INVITE_RESENT)
    assert (event.user_id, event.details["actor"]) == (None, "cli")


def test_list_invites_prints_a_page_by_state_and_revoke_invite_revokes(
    run_cli: RunCli, services: Services
) -> None:
    """Open by default; the revoked one lists as revoked and its code no longer joins."""
    account_id = create_account(run_cli)["account_id"]
    operator = Operator(UUID(account_id))
    kept = create_invite(services, operator, Role.ENGINEER)
    revoked = create_invite(services, operator, Role.VIEWER, "eve@example.com")
    result = run_cli("revoke-invite", "--account", account_id, "--invite", str(revoked.id))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"invite_id": str(revoked.id), "state": "revoked"}
    again = run_cli("revoke-invite", "--account", account_id, "--invite", str(revoked.id))
    assert again.exit_code == 0
    listed = json.loads(run_cli("list-invites", "--account", account_id).stdout)
    assert ([item["id"] for item in listed["items"]], listed["total"]) == ([str(kept.id)], 1)
    assert listed["items"][0]["created_by"] is None
    gone = run_cli("list-invites", "--account", account_id, "--state", "revoked", "--limit", "1")
    assert [item["state"] for item in json.loads(gone.stdout)["items"]] == ["revoked"]
    with pytest.raises(InvalidInvite):
        register(services, joining(revoked.code))


def test_invite_commands_refuse_in_one_line(run_cli: RunCli, services: Services) -> None:
    """A malformed id, another account's invite, and an invite without an email."""
    account_id = create_account(run_cli)["account_id"]
    unaddressed = create_invite(services, Operator(UUID(account_id)), Role.VIEWER)
    one_line_error(
        run_cli("revoke-invite", "--account", account_id, "--invite", "nope"),
        "--invite must be an invite id",
    )
    one_line_error(
        run_cli("resend-invite", "--account", "nope", "--invite", str(uuid4())),
        "--account must be an account id",
    )
    one_line_error(run_cli("list-invites", "--account", "nope"), "--account must be")
    other = create_account(run_cli, "other@example.com")["account_id"]
    one_line_error(
        run_cli("revoke-invite", "--account", other, "--invite", str(unaddressed.id)),
        f"no invite {unaddressed.id} in this account",
    )
    one_line_error(
        run_cli("resend-invite", "--account", account_id, "--invite", str(unaddressed.id)),
        "no email",
    )
