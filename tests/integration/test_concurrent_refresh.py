import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from adapters.sqlalchemy import SqlAlchemyUnitOfWork
from decision_core.login.sessions import ConsumeOutcome, TokenConsumed, TokenNotLive
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .consume_in_process import RELEASE_TIMEOUT_SECONDS, consume_when_released
from .examples import NOW, a_login_session, a_token, a_user, an_account, given

THREADS = 16
PROCESSES = 2


def test_one_of_sixteen_threads_presenting_a_token_wins(uow_factory: UnitOfWorkFactory) -> None:
    """Concurrent refreshes of one token: exactly one consumes it."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    token = a_token(session)
    given(uow_factory, account, user, session, token)
    start = threading.Barrier(THREADS)

    def present() -> ConsumeOutcome:
        start.wait(timeout=RELEASE_TIMEOUT_SECONDS)
        with uow_factory() as uow:
            outcome = uow.refresh_tokens.consume_if_live(token.jti, NOW)
            uow.commit()
        return outcome

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(present) for _ in range(THREADS)]
        outcomes = [future.result() for future in futures]
    winners = [o for o in outcomes if isinstance(o, TokenConsumed)]
    assert len(winners) == 1
    losers = [o for o in outcomes if isinstance(o, TokenNotLive)]
    assert len(losers) == THREADS - 1
    assert all(o.token is not None and o.token.consumed_at == NOW for o in losers)


def test_one_of_two_processes_presenting_a_token_wins(sql_engine: Engine) -> None:
    """The database, not a lock in one process, decides the race."""
    url = sql_engine.url.render_as_string(hide_password=False)
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    token = a_token(session)
    given(lambda: SqlAlchemyUnitOfWork(sql_engine), account, user, session, token)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    outcomes = context.Queue()
    racers = [
        context.Process(target=consume_when_released, args=(url, token.jti, NOW, start, outcomes))
        for _ in range(PROCESSES)
    ]
    for racer in racers:
        racer.start()
    try:
        kinds = sorted(outcomes.get(timeout=RELEASE_TIMEOUT_SECONDS) for _ in racers)
    finally:
        for racer in racers:
            racer.join(timeout=RELEASE_TIMEOUT_SECONDS)
        outcomes.close()
        outcomes.join_thread()
    assert kinds == ["TokenConsumed", "TokenNotLive"]
    assert all(racer.exitcode == 0 for racer in racers)
