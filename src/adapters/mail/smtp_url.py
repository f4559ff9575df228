"""``SMTP_URL``: where and how to reach the mail server, as one URL.

``smtp://host:25`` speaks plain SMTP, upgrading with STARTTLS whenever the
server offers it; ``smtp://user:password@host:587`` must upgrade before it
signs in (a password never crosses the network in clear); ``smtps://host:465``
speaks TLS from the first byte. User and password are percent-decoded.
"""

from __future__ import annotations

from typing import Final, Literal
from urllib.parse import unquote, urlsplit

import attrs

Security = Literal["starttls", "tls"]
DEFAULT_PORTS: Final[dict[str, int]] = {"smtp": 25, "smtps": 465}


class NotAnSmtpUrl(ValueError):
    """The text is no ``smtp://`` or ``smtps://`` URL naming a host."""


@attrs.frozen
class SmtpEndpoint:
    """A mail server, the way to speak to it, and whom to sign in as."""

    host: str
    port: int
    security: Security
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)


def read_smtp_url(url: str) -> SmtpEndpoint:
    """The endpoint ``url`` names, or ``NotAnSmtpUrl`` saying what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS:
        msg = "SMTP_URL must start with smtp:// or smtps://"
        raise NotAnSmtpUrl(msg)
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        msg = "SMTP_URL has a port that is not a number from 1 to 65535"
        raise NotAnSmtpUrl(msg) from None
    if not parts.hostname:
        msg = "SMTP_URL must name the mail server's host"
        raise NotAnSmtpUrl(msg)
    return SmtpEndpoint(
        host=parts.hostname,
        port=port,
        security="tls" if parts.scheme == "smtps" else "starttls",
        username=None if parts.username is None else unquote(parts.username),
        password=None if parts.password is None else unquote(parts.password),
    )
