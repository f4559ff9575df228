from uuid import UUID

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from adapters.memory import FixedClock, MemoryTokenCodec
from adapters.sqlalchemy import (
    SqlAlchemyUnitOfWork,
    create_database_engine,
    downgrade_to_base,
    upgrade_to_head,
)
from adapters.sqlalchemy.migrate import current_revision, downgrade_to
from adapters.sqlalchemy.rows import InviteRow, RowBase, is_declared
from adapters.sqlalchemy.tree_rows import TreeRow, TreeVersionRow
from decision_core.roles import Role
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.registration import Registration, create_invite, register
from decision_core.usecases.tree_authoring import NewTree, create_tree
from tests.fakes import TWO_FACTOR_SECRETS, FastHasher
from tests.integration.examples import NOW

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


def test_downgrading_below_operator_authorship_credits_the_oldest_owner(
    empty_database_url: str,
) -> None:
    """0003 -> 0002: rows an operator wrote (no author) are attributed to the account's owner."""
    upgrade_to_head(empty_database_url)
    engine = create_database_engine(empty_database_url)
    try:
        services = Services(
            uow=lambda: SqlAlchemyUnitOfWork(engine),
            codec=MemoryTokenCodec(),
            hasher=FastHasher(),
            clock=FixedClock(NOW),
            two_factor_secrets=TWO_FACTOR_SECRETS,
        )
        owner = register(services, Registration("owner@example.com", "a password", "Owner"))
        operator = Operator(owner.account_id)
        create_invite(services, operator, Role.VIEWER)
        create_tree(services, operator, NewTree("VPN", {"start": "a", "nodes": []}))
        assert _authors(empty_database_url) == [None, None, None]
        downgrade_to(empty_database_url, "0002")
        assert current_revision(empty_database_url) == "0002"
        assert _authors(empty_database_url) == [owner.id, owner.id, owner.id]
        upgrade_to_head(empty_database_url)
        assert _authors(empty_database_url) == [owner.id, owner.id, owner.id]
    finally:
        engine.dispose()


def _authors(url: str) -> list[UUID | None]:
    """``created_by`` of every tree, tree version and invite, in that order."""
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            return [
                author
                for column in (TreeRow.created_by, TreeVersionRow.created_by, InviteRow.created_by)
                for author in connection.scalars(select(column))
            ]
    finally:
        engine.dispose()
