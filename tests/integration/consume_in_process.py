"""What each process of the cross-process refresh race runs (spawned, so importable)."""

from __future__ import annotations

from datetime import datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from adapters.sqlalchemy import SqlAlchemyUnitOfWork, create_database_engine

RELEASE_TIMEOUT_SECONDS = 60


def consume_when_released(
    url: str, jti: str, now: datetime, start: Barrier, outcomes: Queue[str]
) -> None:
    """Connect, wait for every racer, present ``jti`` once, report the outcome's kind."""
    engine = create_database_engine(url, pool_size=1, max_overflow=0)
    try:
        with engine.connect():
            pass  # connect before the start line, so the race is over the UPDATE only
        start.wait(timeout=RELEASE_TIMEOUT_SECONDS)
        with SqlAlchemyUnitOfWork(engine) as uow:
            outcome = uow.refresh_tokens.consume_if_live(jti, now)
            uow.commit()
        outcomes.put(type(outcome).__name__)
    finally:
        engine.dispose()
