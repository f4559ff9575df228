"""The mail settings: ``PUBLIC_URL``, ``MAIL_FROM``, ``SMTP_URL`` and ``MAIL_DIR``.

Without ``SMTP_URL`` every message is written as an ``.eml`` file into
``MAIL_DIR``, by default ``decision-tree-mail/`` beside the SQLite file (in
the working directory with PostgreSQL), so a fresh clone needs no mail server.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import parseaddr
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import attrs

from adapters.mail.smtp_url import NotAnSmtpUrl, read_smtp_url
from decision_core.settings import InvalidSettings

DEFAULT_PUBLIC_URL: Final = "http://127.0.0.1:8000"
DEFAULT_MAIL_FROM: Final = "decision-tree <decision-tree@localhost>"
MAIL_DIR_NAME: Final = "decision-tree-mail"


@attrs.frozen
class MailSettings:
    """Where links in mail point, who sends it, and how it leaves."""

    public_url: str = DEFAULT_PUBLIC_URL
    mail_from: str = DEFAULT_MAIL_FROM
    # Carries the SMTP password, if any: never shown.
    smtp_url: str | None = attrs.field(default=None, repr=False)
    # None: MAIL_DIR_NAME beside the SQLite file, or in the working directory.
    mail_dir: Path | None = None

    def directory(self, sqlite_path: Path | None) -> Path:
        """Where the file mailer writes: MAIL_DIR, or its default for this database."""
        if self.mail_dir is not None:
            return self.mail_dir
        beside = Path() if sqlite_path is None else sqlite_path.parent
        return beside / MAIL_DIR_NAME


def read_mail_settings(values: Mapping[str, str]) -> MailSettings:
    """The mail settings among ``values`` (set variables only), checked."""
    public_url = values.get("PUBLIC_URL", DEFAULT_PUBLIC_URL).strip().rstrip("/")
    parts = urlsplit(public_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
        msg = "PUBLIC_URL must be the site's http:// or https:// address, such as https://dt.example.com"
        raise InvalidSettings(msg)
    mail_from = values.get("MAIL_FROM", DEFAULT_MAIL_FROM).strip()
    if "@" not in parseaddr(mail_from)[1]:
        msg = "MAIL_FROM must be an address, such as 'decision-tree <noreply@example.com>'"
        raise InvalidSettings(msg)
    smtp_url = values.get("SMTP_URL")
    if smtp_url is not None:
        try:
            read_smtp_url(smtp_url)
        except NotAnSmtpUrl as exc:
            raise InvalidSettings(str(exc)) from None
    mail_dir = values.get("MAIL_DIR")
    return MailSettings(
        public_url=public_url,
        mail_from=mail_from,
        smtp_url=smtp_url,
        mail_dir=None if mail_dir is None else Path(mail_dir.strip()),
    )
