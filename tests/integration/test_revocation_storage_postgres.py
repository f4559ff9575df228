"""How PostgreSQL stores a bulk revocation: as HOT updates, which write no index entry.

A HOT update keeps a row's new version on its page and adds nothing to any
index; it needs an update that changes no indexed column, and room on the
page (migration 0007). Counted by PostgreSQL's own statistics of the table.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from adapters.sqlalchemy import create_database_engine, unit_of_work_factory
from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import RevokeReason

from .examples import NOW, a_login_session, a_user, an_account, given

pytestmark = pytest.mark.postgres

# Enough sessions to fill several pages, each page full of one account's sessions,
# as a bulk insert leaves them: the case with the least room on a page.
SESSIONS = 400

# Of this schema's table: other test runs and the benchmarks have theirs in other schemas.
UPDATE_COUNTS = text(
    "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
    " WHERE schemaname = current_schema() AND relname = 'login_sessions'"
)


@pytest.fixture
def one_connection(clean_postgres_engine: Engine) -> Iterator[Engine]:
    """The shared schema through a single connection, whose own statistics a test can flush."""
    url = clean_postgres_engine.url.render_as_string(hide_password=False)
    engine = create_database_engine(url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


def update_counts(engine: Engine) -> tuple[int, int]:
    """Rows updated in ``login_sessions`` so far, and how many of them as HOT updates.

    A backend reports its statistics when it next goes idle, at most once a
    second unless told to; so this first tells it to, then reads them.
    """
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_force_next_flush()"))
    with engine.connect() as connection:
        updated, hot = connection.execute(UPDATE_COUNTS).one()
    return int(updated), int(hot)


def test_a_bulk_revocation_on_postgresql_writes_no_index_entry(one_connection: Engine) -> None:
    """Every session a "sign everyone out" ends is a HOT update, however full its page."""
    account = an_account()
    users = [a_user(account) for _ in range(4)]
    sessions = [a_login_session(users[i % len(users)]) for i in range(SESSIONS)]
    uow_factory = unit_of_work_factory(one_connection)
    given(uow_factory, account, *users, *sessions)
    updated_before, hot_before = update_counts(one_connection)

    with uow_factory() as uow:
        revoked = uow.login_sessions.revoke_live(
            SessionSelector(account.id), NOW, RevokeReason.BULK_ALL
        )
        uow.commit()

    updated_after, hot_after = update_counts(one_connection)
    assert revoked == SESSIONS
    assert updated_after - updated_before == SESSIONS
    assert hot_after - hot_before == SESSIONS
