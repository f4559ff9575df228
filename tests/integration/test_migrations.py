from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from adapters.sqlalchemy import create_database_engine, downgrade_to_base, upgrade_to_head
from adapters.sqlalchemy.rows import RowBase, is_declared

TABLES = {table.name for table in RowBase.metadata.sorted_tables}


def table_names(url: str) -> set[str]:
    """The tables of the database at ``url``, Alembic's bookkeeping left out."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            names = set(inspect(connection).get_table_names()) - {"alembic_version"}
            return {name for name in names if is_declared(name, "table", None)}
    finally:
        engine.dispose()


def test_migrations_go_up_from_empty_and_all_the_way_down(empty_database_url: str) -> None:
    """Upgrade creates every table, downgrade removes them all, and upgrade works again."""
    assert table_names(empty_database_url) == set()
    upgrade_to_head(empty_database_url)
    assert table_names(empty_database_url) == TABLES
    downgrade_to_base(empty_database_url)
    assert table_names(empty_database_url) == set()
    upgrade_to_head(empty_database_url)
    assert table_names(empty_database_url) == TABLES


def test_upgrading_twice_changes_nothing(empty_database_url: str) -> None:
    """A server that migrates on every start finds nothing to do the second time."""
    upgrade_to_head(empty_database_url)
    upgrade_to_head(empty_database_url)
    assert table_names(empty_database_url) == TABLES


def test_the_migrated_schema_is_what_the_rows_declare(empty_database_url: str) -> None:
    """Alembic's autogenerate finds no difference between the migrations and the models."""
    upgrade_to_head(empty_database_url)
    engine = create_database_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": is_declared}
            )
            differences = compare_metadata(context, RowBase.metadata)
    finally:
        engine.dispose()
    assert differences == []
