"""SQLAlchemy 2 adapters: every repository port on SQLite and PostgreSQL (psycopg 3).

Build an engine with :func:`create_database_engine`, bring the schema up with
:func:`upgrade_to_head`, and hand use cases ``unit_of_work_factory(engine)``.
"""

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import downgrade_to_base, upgrade_to_head
from adapters.sqlalchemy.unit_of_work import (
    SqlAlchemyUnitOfWork,
    unit_of_work_factory,
    units_of_work_take_turns,
)

__all__ = [
    "SqlAlchemyUnitOfWork",
    "create_database_engine",
    "downgrade_to_base",
    "unit_of_work_factory",
    "units_of_work_take_turns",
    "upgrade_to_head",
]
