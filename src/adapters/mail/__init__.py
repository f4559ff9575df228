"""Mail adapters: messages rendered from templates, delivered by SMTP or written to files.

:class:`~adapters.mail.rendering.MailRenderer` turns an outbox message into an
``EmailMessage`` (plain text and HTML); :class:`~adapters.mail.smtp.SmtpMailer`
sends it with the standard library's ``smtplib``, and
:class:`~adapters.mail.files.FileMailer` writes it as an ``.eml`` file, the
embedded default that needs no mail server.
"""
