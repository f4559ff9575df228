"""``send-mail`` on SQLite and PostgreSQL: the file mailer by default, and failures."""

from __future__ import annotations

import json
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from decision_core.json_value import JsonValue
from decision_core.mail import new_mail
from decision_core.usecases.context import Services
from tests.integration.cli.conftest import RunCli

VALUES: dict[str, JsonValue] = {"name": "Ada", "token": "tok-123", "minutes": 30}


def owe(services: Services, *recipients: str) -> None:
    """Commit one password-reset message per recipient to the outbox."""
    with services.uow() as uow:
        for to in recipients:
            uow.outbox.add(new_mail(to, "password_reset", VALUES, services.clock.now()))
        uow.commit()


def test_send_mail_writes_due_mail_to_the_mail_folder_and_says_so(
    run_cli: RunCli, services: Services, cli_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without SMTP_URL each message is an .eml file in MAIL_DIR; a second run sends nothing."""
    folder = tmp_path / "outgoing"
    cli_environment.setenv("MAIL_DIR", str(folder))
    cli_environment.setenv("PUBLIC_URL", "https://dt.example.com")
    owe(services, "a@example.com", "b@example.com")
    result = run_cli("send-mail")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"sent": 2, "failed": 0, "remaining": 0}
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 2
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert "https://dt.example.com/reset-password?token=tok-123" in message.as_string()
    again = run_cli("send-mail")
    assert json.loads(again.stdout) == {"sent": 0, "failed": 0, "remaining": 0}


def test_send_mail_stops_at_its_limit(
    run_cli: RunCli, services: Services, cli_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What is left is counted as remaining."""
    cli_environment.setenv("MAIL_DIR", str(tmp_path))
    owe(services, "a@example.com", "b@example.com", "c@example.com")
    result = run_cli("send-mail", "--limit", "2")
    assert json.loads(result.stdout) == {"sent": 2, "failed": 0, "remaining": 1}


def test_an_unreachable_mail_server_fails_each_message_with_a_line_and_exit_1(
    run_cli: RunCli, services: Services, cli_environment: pytest.MonkeyPatch
) -> None:
    """The messages stay owed (retried later); stderr says which and why."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cli_environment.setenv("SMTP_URL", f"smtp://127.0.0.1:{port}")
    owe(services, "a@example.com")
    result = run_cli("send-mail")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"sent": 0, "failed": 1, "remaining": 1}
    assert "a@example.com" in result.stderr
    assert f"127.0.0.1:{port}" in result.stderr
    assert "tried again at" in result.stderr
    assert "Traceback" not in result.stderr
