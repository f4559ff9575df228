"""PUBLIC_URL, MAIL_FROM, SMTP_URL and MAIL_DIR: read, checked, and turned into a mailer."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.mail.files import FileMailer
from adapters.mail.smtp import SmtpMailer
from decision_core.settings import InvalidSettings
from entrypoints.bootstrap import build_mailer
from entrypoints.mail_settings import (
    DEFAULT_MAIL_FROM,
    DEFAULT_PUBLIC_URL,
    MAIL_DIR_NAME,
    MailSettings,
)
from entrypoints.settings import load_settings

SECRET = "s" * 32


def test_without_mail_settings_mail_is_written_beside_the_sqlite_file() -> None:
    """The embedded default needs no mail server: .eml files in decision-tree-mail/."""
    settings = load_settings({"DATABASE_URL": "sqlite:////srv/dt/db.sqlite3"}, env_file=None)
    assert settings.mail == MailSettings()
    assert settings.mail.public_url == DEFAULT_PUBLIC_URL == "http://127.0.0.1:8000"
    assert settings.mail.mail_from == DEFAULT_MAIL_FROM
    mailer = build_mailer(settings)
    assert isinstance(mailer, FileMailer)
    assert mailer.directory == Path("/srv/dt") / MAIL_DIR_NAME


def test_with_postgresql_the_default_folder_is_in_the_working_directory() -> None:
    """No SQLite file to sit beside."""
    environ = {"DATABASE_URL": "postgresql+psycopg://app@db/dt", "SECRET_KEY": SECRET}
    assert load_settings(environ, env_file=None).mail.directory(None) == Path(MAIL_DIR_NAME)


def test_every_mail_variable_is_read() -> None:
    """A trailing slash of PUBLIC_URL is dropped, so links never double it."""
    environ = {
        "PUBLIC_URL": "https://dt.example.com/",
        "MAIL_FROM": "Support <support@example.com>",
        "SMTP_URL": "smtp://me:pw@mail.example.com:587",
        "MAIL_DIR": "/var/mail/dt",
    }
    mail = load_settings(environ, env_file=None).mail
    assert mail == MailSettings(
        public_url="https://dt.example.com",
        mail_from="Support <support@example.com>",
        smtp_url="smtp://me:pw@mail.example.com:587",
        mail_dir=Path("/var/mail/dt"),
    )
    assert "pw" not in repr(mail)
    assert mail.directory(Path("elsewhere/db.sqlite3")) == Path("/var/mail/dt")


def test_smtp_url_wins_over_the_mail_folder() -> None:
    """With SMTP_URL, mail goes to the server, whatever MAIL_DIR says."""
    environ = {"SMTP_URL": "smtps://mail.example.com", "MAIL_DIR": "/var/mail/dt"}
    assert isinstance(build_mailer(load_settings(environ, env_file=None)), SmtpMailer)


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("PUBLIC_URL", "dt.example.com", "PUBLIC_URL must be"),
        ("PUBLIC_URL", "ftp://dt.example.com", "PUBLIC_URL must be"),
        ("PUBLIC_URL", "https://dt.example.com/?x=1", "PUBLIC_URL must be"),
        ("MAIL_FROM", "decision-tree", "MAIL_FROM must be an address"),
        ("SMTP_URL", "mail.example.com:25", "SMTP_URL must start with"),
        ("SMTP_URL", "smtp://mail.example.com:0x19", "SMTP_URL has a port"),
    ],
)
def test_a_bad_mail_setting_stops_the_start_with_one_line(
    name: str, value: str, complaint: str
) -> None:
    """Each names the variable and the form it wants."""
    with pytest.raises(InvalidSettings, match=complaint):
        load_settings({name: value}, env_file=None)
