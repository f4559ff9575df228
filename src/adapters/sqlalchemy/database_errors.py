"""SQLAlchemy's and Alembic's errors as the entrypoints need them, so they import neither.

A server answers 503 for :data:`UNAVAILABLE_ERRORS`; the CLI reports any
:class:`DatabaseError` or :class:`MigrationRefused` in one line.
"""

from __future__ import annotations

from typing import Final

from alembic.util import CommandError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

DatabaseError = SQLAlchemyError
"""Anything the database or its driver refused, or a connection that failed."""

MigrationRefused = CommandError
"""A migration command that cannot run as asked (an unknown revision, say)."""

UNAVAILABLE_ERRORS: Final[tuple[type[Exception], ...]] = (
    OperationalError,
    InterfaceError,
    PoolTimeoutError,
)
"""Errors that mean "the database cannot be reached right now", not "the request is wrong"."""


def cannot_reach(error: DatabaseError) -> bool:
    """Whether ``error`` says the database could not be reached, rather than that it refused."""
    return isinstance(error, OperationalError | InterfaceError)


def first_line(error: DatabaseError) -> str:
    """The cause in one line: a driver's later lines quote SQL and parameters, noise here."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(error).__name__
