"""The composition root: the one place that turns settings into wired services.

Production gets SQLAlchemy, PyJWT, argon2 and the wall clock; a test passes
any port by keyword (``build_runtime(settings, uow=..., clock=...)``) and
gets the rest real. Building touches no network and no database: engines
connect lazily, and the schema is migrated by :func:`prepare_database`, which
the CLI calls once before starting workers.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor

import attrs

from adapters.mail.files import FileMailer
from adapters.mail.rendering import MailRenderer
from adapters.mail.smtp import SmtpMailer
from adapters.mail.smtp_url import read_smtp_url
from adapters.passwords_argon2 import Argon2Hasher
from adapters.sqlalchemy import (
    create_database_engine,
    unit_of_work_factory,
    units_of_work_take_turns,
    upgrade_to_head,
)
from adapters.sqlalchemy.database_errors import UNAVAILABLE_ERRORS, DatabaseError, first_line
from adapters.system_clock import SystemClock
from adapters.tokens_jwt import CompactHs256Codec
from adapters.two_factor_secrets import HmacTwoFactorSecrets
from decision_core.ports.clock import Clock
from decision_core.ports.crypto import PasswordHasher, TokenCodec
from decision_core.ports.mail import Mailer
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.settings import InvalidSettings
from decision_core.usecases.context import Services
from entrypoints.development_secret import (
    DevelopmentSecret,
    development_secret_path,
    read_or_create_secret,
)
from entrypoints.settings import ServerSettings


def _nothing_to_close() -> None:
    """A runtime without a connection pool has nothing to release."""


@attrs.frozen
class Runtime:
    """The services, plus what the HTTP layer needs to know about the database."""

    services: Services
    # Errors that mean "the database cannot be reached right now": answered 503, not 500.
    unavailable_errors: tuple[type[Exception], ...] = ()
    close: Callable[[], None] = _nothing_to_close
    # The database runs units of work one at a time, so a thread per request buys nothing.
    database_work_on_the_loop: bool = False
    # The password hasher's own threads, where a use case that hashes runs whole; None when
    # the hasher was given (a test's), which needs no threads of its own.
    password_hashing: Executor | None = None
    # Delivers the outbox; None: nothing in this process does (see build_mailer).
    mailer: Mailer | None = None


@attrs.frozen
class SqlDatabase:
    """A connection pool and the units of work that draw on it."""

    unit_of_work: UnitOfWorkFactory
    unavailable_errors: tuple[type[Exception], ...]
    close: Callable[[], None]
    units_of_work_take_turns: bool


def open_sql_database(settings: ServerSettings) -> SqlDatabase:
    """A pool for ``settings.database_url``; it connects on first use."""
    engine = create_database_engine(settings.database_url, pool_size=settings.database_pool_size)
    units_of_work = unit_of_work_factory(engine)

    def close() -> None:
        units_of_work.close()
        engine.dispose()

    return SqlDatabase(
        unit_of_work=units_of_work,
        unavailable_errors=UNAVAILABLE_ERRORS,
        close=close,
        units_of_work_take_turns=units_of_work_take_turns(engine),
    )


class DatabaseNotReady(RuntimeError):
    """The database could not be reached or brought to the newest schema."""


def prepare_database(settings: ServerSettings) -> None:
    """Bring the database schema to the newest migration (safe to run concurrently)."""
    try:
        upgrade_to_head(settings.database_url)
    except DatabaseError as exc:
        msg = f"cannot migrate the database: {first_line(exc)}"
        raise DatabaseNotReady(msg) from exc


def development_secret(settings: ServerSettings) -> DevelopmentSecret | None:
    """The generated secret used when SECRET_KEY is unset, or ``None`` when it is set."""
    if settings.secret_key is not None:
        return None
    sqlite_path = settings.sqlite_path
    if sqlite_path is None:
        # load_settings already refuses this; the check keeps the secret rule in one place.
        msg = "SECRET_KEY is required with PostgreSQL"
        raise InvalidSettings(msg)
    return read_or_create_secret(development_secret_path(sqlite_path))


def signing_secret(settings: ServerSettings) -> str:
    """SECRET_KEY, or the development secret beside the SQLite file."""
    generated = development_secret(settings)
    if generated is None:
        return str(settings.secret_key)
    return generated.value


def build_runtime(  # noqa: PLR0913 - one keyword per port a test may replace
    settings: ServerSettings,
    *,
    uow: UnitOfWorkFactory | None = None,
    codec: TokenCodec | None = None,
    hasher: PasswordHasher | None = None,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
) -> Runtime:
    """Wire the services; each port given by keyword replaces the production one."""
    hasher, password_hashing = _hasher(settings, hasher)
    delivery = mailer if mailer is not None else build_mailer(settings)
    if uow is not None:
        services = _services(settings, uow, codec=codec, hasher=hasher, clock=clock)
        return Runtime(services, password_hashing=password_hashing, mailer=delivery)
    database = open_sql_database(settings)
    services = _services(settings, database.unit_of_work, codec=codec, hasher=hasher, clock=clock)
    return Runtime(
        services,
        database.unavailable_errors,
        database.close,
        database_work_on_the_loop=database.units_of_work_take_turns,
        password_hashing=password_hashing,
        mailer=delivery,
    )


def _hasher(
    settings: ServerSettings, given: PasswordHasher | None
) -> tuple[PasswordHasher, Executor | None]:
    """``given``, which needs no threads of its own, or argon2 with its threads."""
    if given is not None:
        return given, None
    argon2 = Argon2Hasher(settings.argon2)
    return argon2, argon2.threads


def build_mailer(settings: ServerSettings) -> Mailer:
    """SMTP to SMTP_URL when it is set; else each message an .eml file in the mail folder.

    Touches neither network nor disk until a message is delivered.
    """
    mail = settings.mail
    renderer = MailRenderer(sender=mail.mail_from, public_url=mail.public_url)
    if mail.smtp_url is not None:
        return SmtpMailer(renderer, read_smtp_url(mail.smtp_url))
    return FileMailer(renderer, mail.directory(settings.sqlite_path))


def _services(
    settings: ServerSettings,
    uow: UnitOfWorkFactory,
    *,
    codec: TokenCodec | None,
    hasher: PasswordHasher,
    clock: Clock | None,
) -> Services:
    secret = signing_secret(settings)
    return Services(
        uow=uow,
        codec=codec if codec is not None else CompactHs256Codec(secret),
        hasher=hasher,
        clock=clock if clock is not None else SystemClock(),
        two_factor_secrets=HmacTwoFactorSecrets(secret),
        settings=settings.core,
    )
