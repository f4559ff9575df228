"""Delivering by SMTP with the standard library: one connection per message."""

from __future__ import annotations

import smtplib
import ssl
from typing import Final

from adapters.mail.rendering import MailRenderer
from adapters.mail.smtp_url import SmtpEndpoint
from decision_core.mail import MailDeliveryFailed, OutgoingMail
from decision_core.ports.mail import Mailer

# Seconds any one exchange with the server may take before the delivery fails.
SMTP_TIMEOUT_SECONDS: Final = 10.0


class SmtpMailer(Mailer):
    """Sends each message to ``endpoint`` (see :mod:`.smtp_url` for the security rules)."""

    def __init__(
        self,
        renderer: MailRenderer,
        endpoint: SmtpEndpoint,
        *,
        timeout: float = SMTP_TIMEOUT_SECONDS,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """Send what ``renderer`` makes; ``tls`` checks the server (the system's CAs by default)."""
        self._renderer = renderer
        self._endpoint = endpoint
        self._timeout = timeout
        self._tls = tls if tls is not None else ssl.create_default_context()

    def deliver(self, mail: OutgoingMail) -> None:
        """Render ``mail`` and send it; any refusal or network error is ``MailDeliveryFailed``."""
        message = self._renderer.render(mail)
        endpoint = self._endpoint
        try:
            with self._connect() as smtp:
                if endpoint.security == "starttls":
                    self._upgrade(smtp)
                if endpoint.username is not None:
                    smtp.login(endpoint.username, endpoint.password or "")
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            where = f"{endpoint.host}:{endpoint.port}"
            msg = f"SMTP delivery to {where} failed: {type(exc).__name__}: {exc}"
            raise MailDeliveryFailed(msg) from exc

    def _connect(self) -> smtplib.SMTP:
        endpoint = self._endpoint
        if endpoint.security == "tls":
            return smtplib.SMTP_SSL(
                endpoint.host, endpoint.port, timeout=self._timeout, context=self._tls
            )
        return smtplib.SMTP(endpoint.host, endpoint.port, timeout=self._timeout)

    def _upgrade(self, smtp: smtplib.SMTP) -> None:
        """STARTTLS when offered; refused only when a password would otherwise go in clear."""
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=self._tls)
            smtp.ehlo()
        elif self._endpoint.username is not None:
            msg = "the server offers no STARTTLS, and the password must not be sent in clear"
            raise smtplib.SMTPNotSupportedError(msg)
