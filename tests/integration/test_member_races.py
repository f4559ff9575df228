"""Changes to one member at once, by several use cases: each one sees the one before."""

import contextlib
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest

from decision_core.errors import InvalidCredentials
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.roles import Role
from decision_core.usecases.members import MemberChange, update_member
from decision_core.usecases.my_account import change_password
from decision_core.usecases.signin import login
from tests.fakes import FastHasher
from tests.unit.conftest import BROWSER, PASSWORD, member_with_role, owner_signed_in

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .racing import PausedBefore, services_on

NEW_PASSWORD = "a brand new passphrase"  # noqa: S105 - a test user's password


def test_a_role_change_and_a_deactivation_at_once_both_hold(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The owner demotes an admin while also deactivating them: neither change is lost."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    admin = member_with_role(services, owner, Role.ADMIN, "admin@example.com")
    demotion = PausedBefore(uow_factory, "users", "save")
    with ThreadPoolExecutor(2) as pool:
        demoted = pool.submit(
            update_member,
            attrs.evolve(services, uow=demotion),
            owner.principal,
            admin.user.id,
            MemberChange(role=Role.ENGINEER),
        )
        demotion.wait_until_reached()
        deactivated = pool.submit(
            update_member,
            services,
            owner.principal,
            admin.user.id,
            MemberChange(is_active=False),
        )
        demoted.result(timeout=RELEASE_TIMEOUT_SECONDS)
        deactivated.result(timeout=RELEASE_TIMEOUT_SECONDS)
    with uow_factory() as uow:
        stored = uow.users.get(admin.user.id)
        live = uow.login_sessions.live_for_user(admin.user.id, services.clock.now())
    assert stored is not None
    assert (stored.role, stored.is_active) == (Role.ENGINEER, False)
    assert live == []
    with pytest.raises(InvalidCredentials):
        login(services, "admin@example.com", PASSWORD, BROWSER)


def test_a_password_change_does_not_undo_a_deactivation_meanwhile(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Saving the new password writes over nothing another transaction changed."""
    hasher = FastHasher()
    services = services_on(uow_factory, hasher=hasher)
    owner = owner_signed_in(services)
    engineer = member_with_role(services, owner, Role.ENGINEER, "engineer@example.com")
    password_change = PausedBefore(uow_factory, "users", "save")
    with ThreadPoolExecutor(2) as pool:
        changed = pool.submit(
            change_password,
            attrs.evolve(services, uow=password_change),
            engineer.principal,
            PASSWORD,
            NEW_PASSWORD,
        )
        password_change.wait_until_reached()
        deactivated = pool.submit(
            update_member,
            services,
            owner.principal,
            engineer.user.id,
            MemberChange(is_active=False),
        )
        changed.result(timeout=RELEASE_TIMEOUT_SECONDS)
        deactivated.result(timeout=RELEASE_TIMEOUT_SECONDS)
    with uow_factory() as uow:
        stored = uow.users.get(engineer.user.id)
    assert stored is not None
    assert not stored.is_active
    assert hasher.verify(stored.password_hash, NEW_PASSWORD)


def test_a_sign_in_racing_a_deactivation_leaves_no_live_session(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Either the sign-in is refused or the deactivation ends its session; never neither."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    engineer = member_with_role(services, owner, Role.ENGINEER, "engineer@example.com")
    sign_in = PausedBefore(uow_factory, "users", "record_sign_in")

    def sign_in_quietly() -> None:
        # Refused is as good an outcome as a revoked session.
        with contextlib.suppress(InvalidCredentials):
            login(attrs.evolve(services, uow=sign_in), "engineer@example.com", PASSWORD, BROWSER)

    with ThreadPoolExecutor(2) as pool:
        signing_in = pool.submit(sign_in_quietly)
        sign_in.wait_until_reached()
        deactivated = pool.submit(
            update_member,
            services,
            owner.principal,
            engineer.user.id,
            MemberChange(is_active=False),
        )
        signing_in.result(timeout=RELEASE_TIMEOUT_SECONDS)
        deactivated.result(timeout=RELEASE_TIMEOUT_SECONDS)
    with uow_factory() as uow:
        live = uow.login_sessions.live_for_user(engineer.user.id, services.clock.now())
    assert live == []
