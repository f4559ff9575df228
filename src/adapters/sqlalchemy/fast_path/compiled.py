"""Core statements compiled once per dialect, to run straight on the DB-API connection.

SQLAlchemy's ``Connection`` and ORM ``Session`` cost more CPU around every
transaction and every statement than the hot paths' statements themselves
take to run on SQLite (docs/benchmarks.md, "What each fast path buys"). The
hot paths' Core statements (:mod:`.statements`) are therefore compiled once
per dialect and executed on the unit of work's DB-API cursor.

Everything that decides what reaches the database stays SQLAlchemy's: the SQL
text is the statement compiled for the engine's own dialect, and every value
passes through the column types' own bind and result processors for that
dialect (the ones SQLAlchemy itself would apply), so this route sends and
reads exactly what the Session would.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeAlias
from weakref import WeakKeyDictionary

import attrs
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import Select

Processor: TypeAlias = Callable[[Any], Any]
# The statements of .statements: a SELECT, or an INSERT/UPDATE with or without RETURNING.
HotStatement: TypeAlias = Select[Any] | UpdateBase

_PARAMETER_STYLES_BY_POSITION: Final = frozenset({"qmark", "numeric", "format"})


@attrs.frozen
class DriverStatement:
    """One statement as this dialect's driver takes it, with its value conversions."""

    sql: str
    # The order of the parameters for a positional paramstyle (SQLite's qmark), else None.
    positions: tuple[str, ...] | None
    bind_processors: tuple[tuple[str, Processor], ...]
    # Rows come back as this named tuple, one field per column, or None without a result.
    record: type[Any] | None
    # (column index, processor) for the columns whose values the type converts.
    result_processors: tuple[tuple[int, Processor], ...]
    # An INSERT, UPDATE or DELETE (with RETURNING or not), which a read-only transaction refuses.
    writes: bool

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """``values`` converted by the column types, in the driver's paramstyle."""
        converted = dict(values)
        for name, process in self.bind_processors:
            converted[name] = process(converted[name])
        if self.positions is None:
            return converted
        return [converted[name] for name in self.positions]

    def records(self, rows: Sequence[Sequence[Any]]) -> list[Any]:
        """Driver rows converted by the column types, as named tuples."""
        make = self.record._make if self.record is not None else None
        if make is None:
            msg = "this statement returns no rows"
            raise TypeError(msg)
        converting = self.result_processors
        if not converting:
            return [make(row) for row in rows]
        converted = []
        for row in rows:
            values = list(row)
            for index, process in converting:
                values[index] = process(values[index])
            converted.append(make(values))
        return converted


def record_type(fields: Sequence[str]) -> type[Any]:
    """A named tuple type with these fields: how rows of the driver route read."""
    return namedtuple("Record", fields)  # noqa: PYI024 - the fields are known only at run time


def compile_for_driver(statement: HotStatement, dialect: Dialect) -> DriverStatement:
    """Compile ``statement`` for ``dialect`` and collect its types' processors."""
    compiled = statement.compile(dialect=dialect)
    binds = compiled.binds
    bind_processors = tuple(
        (name, process)
        for name, bind in binds.items()
        if (process := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    positional = dialect.paramstyle in _PARAMETER_STYLES_BY_POSITION
    positions = tuple(compiled.positiontup or ()) if positional else None
    columns = list(statement.exported_columns)
    record = record_type([c.name for c in columns]) if columns else None
    result_processors = tuple(
        (index, process)
        for index, column in enumerate(columns)
        if (process := column.type.dialect_impl(dialect).result_processor(dialect, None))
        is not None
    )
    return DriverStatement(
        sql=compiled.string,
        positions=positions,
        bind_processors=bind_processors,
        record=record,
        result_processors=result_processors,
        writes=isinstance(statement, UpdateBase),
    )


class DriverStatements:
    """Compiled statements per dialect, compiled on first use and kept for the process."""

    def __init__(self) -> None:
        """An empty cache."""
        self._by_dialect: WeakKeyDictionary[Dialect, dict[ClauseElement, DriverStatement]] = (
            WeakKeyDictionary()
        )
        self._lock = threading.Lock()

    def get(self, statement: HotStatement, dialect: Dialect) -> DriverStatement:
        """``statement`` compiled for ``dialect``.

        Compiled at first use rather than at import: a dialect knows the server's
        version (and so what it supports) only once it has connected.
        """
        compiled = self._by_dialect.get(dialect)
        found = None if compiled is None else compiled.get(statement)
        if found is not None:
            return found
        made = compile_for_driver(statement, dialect)
        with self._lock:
            self._by_dialect.setdefault(dialect, {})[statement] = made
        return made


COMPILED: Final = DriverStatements()
