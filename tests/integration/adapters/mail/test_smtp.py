"""The SMTP mailer against a real SMTP server (aiosmtpd) on 127.0.0.1.

Plain SMTP, STARTTLS with a password (a throwaway certificate made by
``openssl``; skipped, saying so, where there is none), and each way a
delivery fails: refused, no server, a password the server will not take in clear.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Final

import attrs
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from adapters.mail.rendering import MailRenderer
from adapters.mail.smtp import SmtpMailer
from adapters.mail.smtp_url import read_smtp_url
from decision_core.json_value import JsonValue
from decision_core.mail import MailDeliveryFailed, OutgoingMail, new_mail
from tests.integration.examples import NOW

RENDERER: Final = MailRenderer(
    sender="decision-tree <noreply@dt.example.com>", public_url="https://dt.example.com"
)
VALUES: Final[dict[str, JsonValue]] = {"name": "Ada", "token": "tok-123", "minutes": 30}
USER: Final = "mailer"
PASSWORD: Final = "smtp-pass"  # noqa: S105 - the test server's password


@attrs.define
class Inbox:
    """What the server accepted, and the recipients it refuses."""

    messages: list[EmailMessage] = attrs.Factory(list)
    envelopes: list[Envelope] = attrs.Factory(list)
    refused: set[str] = attrs.Factory(set)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook, by its name and arguments
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        """Refuse the addresses in ``refused``."""
        del server, session, options
        if address in self.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook
        """Keep the message."""
        del server, session
        assert isinstance(envelope.content, bytes)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def inbox() -> Inbox:
    """An empty inbox."""
    return Inbox()


@pytest.fixture
def plain_server(inbox: Inbox) -> Iterator[str]:
    """An SMTP server without TLS or passwords; yields its ``smtp://`` URL."""
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@attrs.frozen
class Certificate:
    """A self-signed certificate for 127.0.0.1."""

    cert: Path
    key: Path


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """Made by ``openssl``; without it the STARTTLS tests are skipped."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("no openssl to make a certificate: the STARTTLS tests did not run")
    folder = tmp_path_factory.mktemp("tls")
    made = Certificate(folder / "cert.pem", folder / "key.pem")
    subprocess.run(  # noqa: S603 - a fixed command line
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(made.key), "-out", str(made.cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return made


def authenticate(
    server: SMTP,
    session: Session,
    envelope: Envelope,
    mechanism: str,
    auth_data: Any,  # noqa: ANN401 - aiosmtpd's
) -> AuthResult:
    """The one user and password the server knows."""
    del server, session, envelope, mechanism
    known = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=known, handled=False)


@pytest.fixture
def starttls_server(inbox: Inbox, certificate: Certificate) -> Iterator[int]:
    """An SMTP server offering STARTTLS and requiring a password (only over TLS); its port."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate.cert, certificate.key)
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def a_mail(to: str = "ada@example.com") -> OutgoingMail:
    """A password-reset message."""
    return new_mail(to, "password_reset", VALUES, NOW)


def test_a_message_arrives_whole_with_its_message_id(plain_server: str, inbox: Inbox) -> None:
    """Envelope and headers as rendered; both parts; the link that works."""
    mail = a_mail()
    SmtpMailer(RENDERER, read_smtp_url(plain_server)).deliver(mail)
    (message,) = inbox.messages
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "noreply@dt.example.com"
    assert envelope.rcpt_tos == ["ada@example.com"]
    assert message["Message-ID"] == f"<{mail.id}@dt.example.com>"
    assert message["Subject"] == "Reset your decision-tree password"
    text = message.get_body(("plain",))
    assert text is not None
    assert "https://dt.example.com/reset-password?token=tok-123" in str(text.get_content())
    assert message.get_body(("html",)) is not None


def test_a_repeated_delivery_is_recognisably_the_same_message(
    plain_server: str, inbox: Inbox
) -> None:
    """At least once: a second delivery carries the same Message-ID and bytes."""
    mailer = SmtpMailer(RENDERER, read_smtp_url(plain_server))
    mail = a_mail()
    mailer.deliver(mail)
    mailer.deliver(mail)
    first, second = inbox.envelopes
    assert first.content == second.content
    assert inbox.messages[0]["Message-ID"] == inbox.messages[1]["Message-ID"]


def test_a_refused_recipient_fails_the_delivery(plain_server: str, inbox: Inbox) -> None:
    """The server's answer is in the error the outbox records."""
    inbox.refused.add("gone@example.com")
    with pytest.raises(MailDeliveryFailed, match="no such mailbox"):
        SmtpMailer(RENDERER, read_smtp_url(plain_server)).deliver(a_mail("gone@example.com"))
    assert inbox.messages == []


def test_no_server_fails_the_delivery() -> None:
    """A refused connection is a failed delivery, naming where."""
    port = free_port()
    with pytest.raises(MailDeliveryFailed, match=f"127.0.0.1:{port}"):
        SmtpMailer(RENDERER, read_smtp_url(f"smtp://127.0.0.1:{port}"), timeout=2).deliver(a_mail())


def test_a_password_is_never_sent_to_a_server_without_starttls(
    plain_server: str, inbox: Inbox
) -> None:
    """Without STARTTLS on offer the mailer refuses to sign in, and sends nothing."""
    with_password = plain_server.replace("smtp://", f"smtp://{USER}:{PASSWORD}@")
    with pytest.raises(MailDeliveryFailed, match="in clear"):
        SmtpMailer(RENDERER, read_smtp_url(with_password)).deliver(a_mail())
    assert inbox.messages == []


def test_starttls_then_a_password_delivers(
    starttls_server: int, certificate: Certificate, inbox: Inbox
) -> None:
    """The mailer upgrades, checks the certificate, signs in and sends."""
    trust = ssl.create_default_context(cafile=str(certificate.cert))
    url = f"smtp://{USER}:{PASSWORD}@127.0.0.1:{starttls_server}"
    SmtpMailer(RENDERER, read_smtp_url(url), tls=trust).deliver(a_mail())
    assert len(inbox.messages) == 1


def test_an_untrusted_certificate_fails_the_delivery(starttls_server: int, inbox: Inbox) -> None:
    """With the system's authorities only, the throwaway certificate is refused."""
    url = f"smtp://{USER}:{PASSWORD}@127.0.0.1:{starttls_server}"
    with pytest.raises(MailDeliveryFailed, match="SSL"):
        SmtpMailer(RENDERER, read_smtp_url(url)).deliver(a_mail())
    assert inbox.messages == []


def test_a_wrong_password_fails_the_delivery(
    starttls_server: int, certificate: Certificate, inbox: Inbox
) -> None:
    """The server's refusal to sign in is a failed delivery."""
    trust = ssl.create_default_context(cafile=str(certificate.cert))
    url = f"smtp://{USER}:wrong@127.0.0.1:{starttls_server}"
    with pytest.raises(MailDeliveryFailed, match="SMTPAuthenticationError"):
        SmtpMailer(RENDERER, read_smtp_url(url), tls=trust).deliver(a_mail())
    assert inbox.messages == []


@pytest.fixture
def implicit_tls_server(inbox: Inbox, certificate: Certificate) -> Iterator[int]:
    """An SMTP server speaking TLS from the first byte (``smtps://``); its port."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate.cert, certificate.key)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def test_smtps_speaks_tls_from_the_start(
    implicit_tls_server: int, certificate: Certificate, inbox: Inbox
) -> None:
    """``smtps://`` delivers over implicit TLS, checking the certificate."""
    trust = ssl.create_default_context(cafile=str(certificate.cert))
    url = f"smtps://127.0.0.1:{implicit_tls_server}"
    SmtpMailer(RENDERER, read_smtp_url(url), tls=trust).deliver(a_mail())
    assert len(inbox.messages) == 1
