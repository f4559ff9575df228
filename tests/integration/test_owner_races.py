import threading
import time
from concurrent.futures import ThreadPoolExecutor

import attrs

from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.roles import Role

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .examples import a_user, an_account, given

# Long enough that a count which does not wait would certainly have answered.
HEAD_START_SECONDS = 0.3


def test_counting_owners_holds_them_until_the_transaction_ends(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Two owners demoting each other at once: the second count sees the first demotion."""
    account = an_account()
    first = a_user(account, role=Role.OWNER)
    second = a_user(account, role=Role.OWNER)
    given(uow_factory, account, first, second)
    second_is_counting = threading.Event()

    def count_after_the_first_counted() -> int:
        second_is_counting.set()
        with uow_factory() as uow:
            return uow.users.count_active_owners(account.id)

    with ThreadPoolExecutor(1) as pool:
        with uow_factory() as uow:
            assert uow.users.count_active_owners(account.id) == 2
            later_count = pool.submit(count_after_the_first_counted)
            assert second_is_counting.wait(RELEASE_TIMEOUT_SECONDS)
            time.sleep(HEAD_START_SECONDS)  # a count that does not wait answers meanwhile
            uow.users.save(attrs.evolve(second, role=Role.ADMIN))
            uow.commit()
        # Leaving the unit of work ends its transaction and lets a waiting count run.
        assert later_count.result(timeout=RELEASE_TIMEOUT_SECONDS) == 1
