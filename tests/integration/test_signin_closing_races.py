"""A password reset or a deactivation racing a plain sign-in: no session outlives it.

The password is checked outside any transaction. A reset or a deactivation
that commits during the check ended the user's sessions; the session the
sign-in starts just after must not be one for the old password (D189). The
sign-in's first statement records it only while the hash is still the one
checked and the user still active, holding the user's row from there on, so
a change that comes later waits and then ends the new session.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Final

import attrs
import pytest

from adapters.memory.mail import RecordingMailer
from decision_core.errors import InvalidCredentials
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.roles import Role
from decision_core.usecases.context import Services
from decision_core.usecases.mail_delivery import drain_outbox
from decision_core.usecases.members import MemberChange, update_member
from decision_core.usecases.password_reset import request_password_reset, reset_password
from decision_core.usecases.signin import login
from tests.unit.conftest import BROWSER, PASSWORD, SignedInMember, member_with_role, owner_signed_in

from .consume_in_process import RELEASE_TIMEOUT_SECONDS
from .racing import CheckingSlowly, PausedBefore, services_on

OWNER: Final = "owner@example.com"
ENGINEER: Final = "engineer@example.com"
NEW_PASSWORD: Final = "a brand new passphrase"  # noqa: S105 - a test user's password


def reset_link(services: Services, email: str) -> str:
    """Ask for a reset link for ``email``; the token its mail carries."""
    request_password_reset(services, email, BROWSER)
    mailer = RecordingMailer()
    drain_outbox(services, mailer, limit=10)
    token = mailer.delivered[-1].values["token"]
    assert isinstance(token, str)
    return token


def assert_no_live_session(services: Services, member: SignedInMember) -> None:
    """Every session of the member, the one signed in before included, has ended."""
    with services.uow() as uow:
        assert uow.login_sessions.live_for_user(member.user.id, services.clock.now()) == []


def test_a_reset_during_the_password_check_starts_no_session(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The old password is being checked when the reset commits: refused, no session after."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    token = reset_link(services, OWNER)
    slow = CheckingSlowly()
    with ThreadPoolExecutor(1) as pool:
        signing_in = pool.submit(
            login, attrs.evolve(services, hasher=slow), OWNER, PASSWORD, BROWSER
        )
        try:
            assert slow.checking.wait(RELEASE_TIMEOUT_SECONDS)
            reset_password(services, token, NEW_PASSWORD)
        finally:
            slow.release.set()
        with pytest.raises(InvalidCredentials):
            signing_in.result(timeout=RELEASE_TIMEOUT_SECONDS)
    assert_no_live_session(services, owner)
    login(services, OWNER, NEW_PASSWORD, BROWSER)


def test_a_deactivation_during_the_password_check_starts_no_session(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The engineer's password is being checked when the owner deactivates them: refused."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    engineer = member_with_role(services, owner, Role.ENGINEER, ENGINEER)
    slow = CheckingSlowly()
    with ThreadPoolExecutor(1) as pool:
        signing_in = pool.submit(
            login, attrs.evolve(services, hasher=slow), ENGINEER, PASSWORD, BROWSER
        )
        try:
            assert slow.checking.wait(RELEASE_TIMEOUT_SECONDS)
            update_member(
                services, owner.principal, engineer.user.id, MemberChange(is_active=False)
            )
        finally:
            slow.release.set()
        with pytest.raises(InvalidCredentials):
            signing_in.result(timeout=RELEASE_TIMEOUT_SECONDS)
    assert_no_live_session(services, engineer)


def test_a_reset_while_the_session_starts_waits_and_ends_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """The sign-in holds the user, paused before it stores the session; the reset ends it after."""
    services = services_on(uow_factory)
    owner = owner_signed_in(services)
    token = reset_link(services, OWNER)
    starting = PausedBefore(uow_factory, "login_sessions", "add")
    with ThreadPoolExecutor(2) as pool:
        signing_in = pool.submit(
            login, attrs.evolve(services, uow=starting), OWNER, PASSWORD, BROWSER
        )
        starting.wait_until_reached()
        resetting = pool.submit(reset_password, services, token, NEW_PASSWORD)
        signing_in.result(timeout=RELEASE_TIMEOUT_SECONDS)
        resetting.result(timeout=RELEASE_TIMEOUT_SECONDS)
    assert_no_live_session(services, owner)
