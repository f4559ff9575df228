"""The embedded default mailer: each message an ``.eml`` file in a folder."""

from __future__ import annotations

import logging
from pathlib import Path

from adapters.mail.rendering import MailRenderer
from decision_core.mail import MailDeliveryFailed, OutgoingMail
from decision_core.ports.mail import Mailer

logger = logging.getLogger(__name__)


class FileMailer(Mailer):
    """Writes each message to ``<directory>/<outbox id>.eml`` and logs where.

    A repeated delivery of one message writes the same file again, whole: the
    file appears by an atomic rename, never half-written.
    """

    def __init__(self, renderer: MailRenderer, directory: Path) -> None:
        """Write what ``renderer`` makes into ``directory`` (made when first needed)."""
        self._renderer = renderer
        self.directory = directory

    def path_of(self, mail: OutgoingMail) -> Path:
        """Where ``mail`` is written."""
        return self.directory / f"{mail.id}.eml"

    def deliver(self, mail: OutgoingMail) -> None:
        """Render ``mail`` and write it; ``MailDeliveryFailed`` if the folder cannot be."""
        content = self._renderer.render(mail).as_bytes()
        path = self.path_of(mail)
        partial = path.with_name(path.name + ".partial")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(content)
            partial.replace(path)
        except OSError as exc:
            msg = f"cannot write {path}: {exc.strerror or exc}"
            raise MailDeliveryFailed(msg) from exc
        logger.info("mail %s to %s written to %s", mail.template, mail.to, path)
