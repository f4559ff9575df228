"""What every SQL repository stands on: one unit of work's transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from adapters.sqlalchemy.fast_path.transaction import Transaction


class InTransaction:
    """A repository working inside one unit of work's :class:`Transaction`.

    Most methods use ``self._session``, an ORM Session made when first
    needed. The hot paths' methods run a prebuilt statement of
    :mod:`adapters.sqlalchemy.fast_path.statements` instead, with
    ``self._transaction.first``, ``.rows`` or ``.write``: on the same
    connection, in the same transaction.
    """

    def __init__(self, transaction: Transaction) -> None:
        """Work inside ``transaction``."""
        self._transaction = transaction

    @property
    def _session(self) -> Session:
        return self._transaction.session
