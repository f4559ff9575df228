"""Changes to one account's session policy at once: judged and audited one after the other."""

from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import attrs
import pytest

from decision_core import audit
from decision_core.errors import PolicyRejected
from decision_core.login.policy import PolicyOverrides, PolicyPatch
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.usecases.account_security import update_security
from tests.unit.conftest import owner_signed_in

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .racing import PausedBefore, serial_history, services_on

UPDATES = 8
# Enough for all eight to read the policy before the first writes, if nothing makes them wait.
UPDATE_HEAD_START_SECONDS = 0.1


def stored_policy(uow_factory: UnitOfWorkFactory, account_id: UUID) -> PolicyOverrides:
    """The account's committed overrides."""
    with uow_factory() as uow:
        account = uow.accounts.get(account_id)
    assert account is not None
    return account.policy


def test_two_policy_changes_at_once_are_judged_one_after_the_other(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A shorter absolute lifetime and a longer idle timeout: together they break the rule."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    update_security(services, owner.principal, PolicyPatch(idle_minutes=60))
    shortening = PausedBefore(uow_factory, "accounts", "save_policy")
    with ThreadPoolExecutor(2) as pool:
        shorter = pool.submit(
            update_security,
            attrs.evolve(services, uow=shortening),
            owner.principal,
            PolicyPatch(absolute_minutes=120),
        )
        shortening.wait_until_reached()
        longer = pool.submit(
            update_security, services, owner.principal, PolicyPatch(idle_minutes=1000)
        )
        shorter.result(timeout=RELEASE_TIMEOUT_SECONDS)
        with pytest.raises(PolicyRejected):
            longer.result(timeout=RELEASE_TIMEOUT_SECONDS)
    expected = PolicyOverrides(idle_minutes=60, absolute_minutes=120)
    assert stored_policy(uow_factory, owner.user.account_id) == expected


def test_parallel_policy_updates_audit_a_serial_history(uow_factory: UnitOfWorkFactory) -> None:
    """Each update's ``old`` is the ``new`` of the one before: the events form one chain."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    # Each update reads the policy, then waits before writing: without a lock, all read alike.
    updates = [
        PausedBefore(uow_factory, "accounts", "save_policy", head_start=UPDATE_HEAD_START_SECONDS)
        for _ in range(UPDATES)
    ]
    with ThreadPoolExecutor(UPDATES) as pool:
        done = [
            pool.submit(
                update_security,
                attrs.evolve(services, uow=paused),
                owner.principal,
                PolicyPatch(absolute_minutes=20000 + number),
            )
            for number, paused in enumerate(updates)
        ]
        for update in done:
            update.result(timeout=RELEASE_TIMEOUT_SECONDS)
    with uow_factory() as uow:
        events = uow.audit.page(
            owner.user.account_id, action=audit.SESSION_POLICY_UPDATE, before=None, limit=100
        )
    changes = [(event.details["old"], event.details["new"]) for event in events]
    history = serial_history(audit.overrides_details(PolicyOverrides()), changes)
    assert len(history) == UPDATES + 1
    final = stored_policy(uow_factory, owner.user.account_id)
    assert history[-1] == audit.overrides_details(final)
