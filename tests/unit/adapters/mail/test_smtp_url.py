"""``SMTP_URL``: scheme, host, port, credentials, and what is refused."""

from __future__ import annotations

import pytest

from adapters.mail.smtp_url import NotAnSmtpUrl, SmtpEndpoint, read_smtp_url


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("smtp://mail.example.com", SmtpEndpoint("mail.example.com", 25, "starttls")),
        ("smtp://127.0.0.1:2525", SmtpEndpoint("127.0.0.1", 2525, "starttls")),
        ("smtps://mail.example.com", SmtpEndpoint("mail.example.com", 465, "tls")),
        (
            "smtp://me%40example.com:p%3Ass%2Fw@mail.example.com:587",
            SmtpEndpoint("mail.example.com", 587, "starttls", "me@example.com", "p:ss/w"),
        ),
        (
            " smtps://u:@mail.example.com:1465 ",
            SmtpEndpoint("mail.example.com", 1465, "tls", "u", ""),
        ),
    ],
)
def test_an_smtp_url_names_host_port_security_and_credentials(
    url: str, endpoint: SmtpEndpoint
) -> None:
    """Default ports 25 and 465; user and password percent-decoded."""
    assert read_smtp_url(url) == endpoint


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://mail.example.com", "smtp:// or smtps://"),
        ("mail.example.com:25", "smtp:// or smtps://"),
        ("smtp://", "host"),
        ("smtp://mail.example.com:99999", "port"),
        ("smtp://mail.example.com:abc", "port"),
    ],
)
def test_anything_else_is_refused_saying_why(url: str, complaint: str) -> None:
    """A wrong scheme, no host or a bad port."""
    with pytest.raises(NotAnSmtpUrl, match=complaint):
        read_smtp_url(url)


def test_the_password_is_never_shown() -> None:
    """Not in the endpoint's repr, which a log line might print."""
    assert "secret" not in repr(read_smtp_url("smtp://me:secret@mail.example.com"))
