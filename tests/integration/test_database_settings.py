import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.pool import QueuePool

from adapters.sqlalchemy import (
    SqlAlchemyUnitOfWork,
    create_database_engine,
    unit_of_work_factory,
    upgrade_to_head,
)
from adapters.sqlalchemy.engine import SQLITE_BUSY_TIMEOUT_MS
from adapters.sqlalchemy.wal_checkpoints import CHECKPOINT_INTERVAL_SECONDS
from decision_core.login.policy import PolicyOverrides
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import a_user, an_account, given


def test_sqlite_connections_are_set_up_for_a_server(sqlite_engine: Engine) -> None:
    """WAL, enforced foreign keys, a busy timeout and NORMAL sync on every connection."""
    with sqlite_engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_sqlite_transactions_take_the_write_lock_at_once(sqlite_engine: Engine) -> None:
    """A unit of work that has only read already keeps other writers out."""
    database = sqlite_engine.url.database
    assert database is not None
    with SqlAlchemyUnitOfWork(sqlite_engine) as uow:
        uow.accounts.get(an_account().id)
        other_writer = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other_writer.execute("BEGIN IMMEDIATE")
        finally:
            other_writer.close()


def test_an_in_memory_sqlite_database_is_refused() -> None:
    """Each pooled connection would see its own empty database."""
    with pytest.raises(ValueError, match="in-memory"):
        create_database_engine("sqlite://")


def test_postgres_urls_get_psycopg_and_a_sized_pool() -> None:
    """A bare postgresql:// URL uses psycopg 3; the pool has the asked-for size."""
    engine = create_database_engine(
        "postgresql://postgres@127.0.0.1:5432/test", pool_size=3, max_overflow=2
    )
    try:
        assert engine.url.drivername == "postgresql+psycopg"
        assert isinstance(engine.pool, QueuePool)
        assert engine.pool.size() == 3
    finally:
        engine.dispose()


def test_the_database_rejects_idle_longer_than_absolute(sql_uow_factory: UnitOfWorkFactory) -> None:
    """The CHECK constraint guards the overrides even if the core were bypassed."""
    account = an_account()
    given(sql_uow_factory, account)
    with pytest.raises(IntegrityError), sql_uow_factory() as uow:
        uow.accounts.save_policy(account.id, PolicyOverrides(idle_minutes=61, absolute_minutes=60))


def test_times_come_back_as_the_same_instant_in_utc(sql_uow_factory: UnitOfWorkFactory) -> None:
    """An instant stored with any offset reads back equal, with UTC attached."""
    paris = timezone(timedelta(hours=1))
    created = datetime(2025, 3, 1, 13, 30, 15, 250_000, tzinfo=paris)
    account = attrs.evolve(an_account(), created_at=created)
    given(sql_uow_factory, account)
    with sql_uow_factory() as uow:
        stored = uow.accounts.get(account.id)
    assert stored is not None
    assert stored.created_at == created
    assert stored.created_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        pytest.param(
            "2025-03-01 12:00:00.250000", datetime(2025, 3, 1, 12, 0, 0, 250_000, UTC), id="ours"
        ),
        pytest.param(
            "2025-03-01 12:00:00", datetime(2025, 3, 1, 12, tzinfo=UTC), id="whole-seconds"
        ),
        pytest.param(
            "2025-03-01 13:00:00+01:00", datetime(2025, 3, 1, 12, tzinfo=UTC), id="offset"
        ),
    ],
)
def test_sqlite_text_written_by_others_reads_as_its_instant(
    clean_sqlite_engine: Engine, text: str, instant: datetime
) -> None:
    """SQLite's zoneless text is UTC; text that names its own offset keeps its instant."""
    account = an_account()
    factory = unit_of_work_factory(clean_sqlite_engine)
    given(factory, account)
    with clean_sqlite_engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE accounts SET created_at = ? WHERE id = ?", (text, account.id.hex)
        )
    with factory() as uow:
        stored = uow.accounts.get(account.id)
    factory.close()
    assert stored is not None
    assert stored.created_at == instant
    assert stored.created_at.tzinfo is UTC


def test_a_naive_time_is_refused(sql_uow_factory: UnitOfWorkFactory) -> None:
    """A datetime without a zone names no instant, so it is not stored."""
    account = attrs.evolve(an_account(), created_at=datetime(2025, 3, 1))  # noqa: DTZ001
    with pytest.raises(StatementError, match="naive"), sql_uow_factory() as uow:
        uow.accounts.add(account)


def test_database_errors_never_carry_the_values_bound_to_them(
    sql_uow_factory: UnitOfWorkFactory,
) -> None:
    """A failed statement's message shows the SQL, never a bound value such as a hash."""
    stored_hash = "$argon2id$looks-secret"
    orphan = attrs.evolve(a_user(an_account()), password_hash=stored_hash)
    with pytest.raises(IntegrityError) as failure, sql_uow_factory() as uow:
        uow.users.add(orphan)  # its account was never stored
    assert "looks-secret" not in str(failure.value)


def test_sqlite_connections_leave_checkpoints_to_a_thread(sqlite_engine: Engine) -> None:
    """No commit checkpoints (it would wait for fsync); the engine's thread does."""
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0


def test_committed_writes_reach_the_database_file_without_a_checkpointing_commit(
    tmp_path: Path,
) -> None:
    """The database file itself (read ignoring the log) soon holds what was committed."""
    path = tmp_path / "checkpointed.sqlite3"
    upgrade_to_head(f"sqlite:///{path}")
    engine = create_database_engine(f"sqlite:///{path}")
    try:
        account = an_account()
        given(unit_of_work_factory(engine), account)
        deadline = time.monotonic() + 10 * CHECKPOINT_INTERVAL_SECONDS
        while _accounts_in_file(path) == 0 and time.monotonic() < deadline:
            time.sleep(CHECKPOINT_INTERVAL_SECONDS / 10)
        assert _accounts_in_file(path) == 1
    finally:
        engine.dispose()


def _accounts_in_file(path: Path) -> int:
    # immutable=1: read the database file as it is on disk, without the write-ahead log.
    with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as reader:
        (count,) = reader.execute("SELECT count(*) FROM accounts").fetchone()
    return int(count)
