"""Migration 0010: a downgrade must not make a revoked invite's link work again."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import DateTime, Uuid, column, select, table

from adapters.memory import FixedClock, MemoryTokenCodec
from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_database_engine, upgrade_to_head
from adapters.sqlalchemy.migrate import current_revision, downgrade_to
from decision_core.roles import Role
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.invites import revoke_invite
from decision_core.usecases.registration import Registration, create_invite, register
from tests.fakes import TWO_FACTOR_SECRETS, FastHasher
from tests.integration.examples import NOW


def test_downgrading_below_revocation_expires_revoked_invites_when_revoked(
    empty_database_url: str,
) -> None:
    """0010 -> 0009: a revoked invite expires at its revocation; an open one keeps its expiry."""
    upgrade_to_head(empty_database_url)
    engine = create_database_engine(empty_database_url)
    clock = FixedClock(NOW)
    try:
        services = Services(
            uow=lambda: SqlAlchemyUnitOfWork(engine),
            codec=MemoryTokenCodec(),
            hasher=FastHasher(),
            clock=clock,
            two_factor_secrets=TWO_FACTOR_SECRETS,
        )
        owner = register(services, Registration("owner@example.com", "a password", "Owner"))
        operator = Operator(owner.account_id)
        revoked = create_invite(services, operator, Role.VIEWER)
        kept = create_invite(services, operator, Role.VIEWER)
        clock.advance(timedelta(hours=1))
        revoke_invite(services, operator, revoked.id)
    finally:
        engine.dispose()
    downgrade_to(empty_database_url, "0009")
    assert current_revision(empty_database_url) == "0009"
    engine = create_database_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            expiries: dict[UUID, datetime] = {
                row.id: _aware(row.expires_at) for row in connection.execute(select(INVITES))
            }
    finally:
        engine.dispose()
    assert expiries == {revoked.id: NOW + timedelta(hours=1), kept.id: kept.expires_at}
    upgrade_to_head(empty_database_url)


# The invites table as 0009 left it, as much of it as this test reads.
INVITES = table("invites", column("id", Uuid()), column("expires_at", DateTime(timezone=True)))


def _aware(moment: datetime) -> datetime:
    """A stored moment as an aware datetime (SQLite hands back naive UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
