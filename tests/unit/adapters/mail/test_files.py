"""The file mailer: one ``.eml`` per message, written whole, the same file on a retry."""

from __future__ import annotations

import logging
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from adapters.mail.files import FileMailer
from adapters.mail.rendering import MailRenderer
from decision_core.json_value import JsonValue
from decision_core.mail import MailDeliveryFailed, new_mail
from tests.unit.conftest import START

RENDERER = MailRenderer(sender="dt <noreply@example.com>", public_url="http://127.0.0.1:8000")
VALUES: dict[str, JsonValue] = {"name": "Ada", "token": "tok", "minutes": 30}


def test_each_message_is_written_as_its_id_dot_eml_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The folder is made when needed; the file parses as the message; the log says where."""
    folder = tmp_path / "mail" / "out"
    mailer = FileMailer(RENDERER, folder)
    mail = new_mail("ada@example.com", "password_reset", VALUES, START)
    with caplog.at_level(logging.INFO, logger="adapters.mail.files"):
        mailer.deliver(mail)
    path = folder / f"{mail.id}.eml"
    assert mailer.path_of(mail) == path
    assert [p.name for p in folder.iterdir()] == [path.name]
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert parsed["To"] == "ada@example.com"
    assert parsed["Message-ID"] == f"<{mail.id}@example.com>"
    assert str(path) in caplog.text


def test_a_repeated_delivery_rewrites_the_same_file(tmp_path: Path) -> None:
    """At least once, but one file per message."""
    mailer = FileMailer(RENDERER, tmp_path)
    mail = new_mail("ada@example.com", "password_reset", VALUES, START)
    mailer.deliver(mail)
    first = mailer.path_of(mail).read_bytes()
    mailer.deliver(mail)
    assert [p.name for p in tmp_path.iterdir()] == [f"{mail.id}.eml"]
    assert mailer.path_of(mail).read_bytes() == first


def test_a_folder_that_cannot_be_written_fails_the_delivery(tmp_path: Path) -> None:
    """A file where the folder should be: ``MailDeliveryFailed`` naming the path."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    mailer = FileMailer(RENDERER, blocker)
    mail = new_mail("ada@example.com", "password_reset", VALUES, START)
    with pytest.raises(MailDeliveryFailed, match="not-a-folder"):
        mailer.deliver(mail)
