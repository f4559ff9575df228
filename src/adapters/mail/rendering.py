"""Outbox messages as MIME: plain text and HTML from one pair of templates per kind.

Templates live in ``templates/``: ``<kind>.txt`` (its ``subject`` set at the
top, then the plain-text body) and ``<kind>.html`` (autoescaped). Both see the
message's values, ``public_url`` (links are built here, not in the core) and
``to``.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from decision_core.mail import OutgoingMail

TEMPLATE_DIRECTORY: Final = Path(__file__).parent / "templates"
# The Message-ID's right-hand side when MAIL_FROM names no domain (RFC 6761 reserves it).
FALLBACK_DOMAIN: Final = "decision-tree.invalid"


def message_id(mail: OutgoingMail, sender: str) -> str:
    """The message's lasting Message-ID: its outbox id at the sender's domain.

    Every delivery of one outbox message carries it, so a repeat after a
    crash is recognisably the same message.
    """
    _, at, domain = parseaddr(sender)[1].rpartition("@")
    return f"<{mail.id}@{domain if at and domain else FALLBACK_DOMAIN}>"


def _transfer_encoding(body: str) -> str:
    """Plain bytes, never quoted-printable: a link stays whole for someone reading the file.

    (Quoted-printable would write the ``=`` of ``?token=`` as ``=3D`` and break
    long lines, so a link copied out of an ``.eml`` file would not work.)
    """
    return "7bit" if body.isascii() else "8bit"


class MailRenderer:
    """Renders outbox messages as sent by ``sender``, with links under ``public_url``."""

    def __init__(self, *, sender: str, public_url: str) -> None:
        """A renderer for ``sender`` (MAIL_FROM) and ``public_url`` (PUBLIC_URL)."""
        self.sender = sender
        self._public_url = public_url.rstrip("/")
        loader = FileSystemLoader(TEMPLATE_DIRECTORY)
        # A value a template misses is an error, not an empty string in someone's mail.
        self._text = Environment(
            loader=loader,
            autoescape=False,  # noqa: S701 - plain text: escaping would show "&amp;" in it
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self._html = Environment(loader=loader, autoescape=True, undefined=StrictUndefined)

    def render(self, mail: OutgoingMail) -> EmailMessage:
        """``mail`` as multipart/alternative, dated when it was written to the outbox.

        The same message renders to the same bytes every time.
        """
        context = {**mail.values, "public_url": self._public_url, "to": mail.to}
        text = self._text.get_template(f"{mail.template}.txt").make_module(context)
        html = self._html.get_template(f"{mail.template}.html").render(context)
        message = EmailMessage()
        message["Subject"] = str(getattr(text, "subject", "")).strip()
        message["From"] = self.sender
        message["To"] = mail.to
        # Both from the outbox row, so that a repeated delivery is the same message.
        message["Date"] = format_datetime(mail.created_at)
        message["Message-ID"] = message_id(mail, self.sender)
        body = str(text).lstrip("\n")
        message.set_content(body, cte=_transfer_encoding(body))
        message.add_alternative(html, subtype="html", cte=_transfer_encoding(html))
        # A boundary of its own rather than a random one: a repeat is the same bytes.
        message.set_boundary(f"=_{mail.id.hex}")
        return message
