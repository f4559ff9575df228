from __future__ import annotations

import pytest

from adapters.memory import MemoryStore
from decision_core import audit
from decision_core.errors import (
    AccountsExist,
    EmailAlreadyRegistered,
    InvalidEmail,
    InvalidPassword,
    RuleViolation,
)
from decision_core.roles import Role
from decision_core.usecases.context import CLI_OPERATOR, Services
from decision_core.usecases.registration import Registration, register
from tests.fakes import FastHasher
from tests.unit.conftest import (
    PASSWORD,
    START,
    events,
    register_owner,
)


def test_registering_without_invite_creates_an_owned_account(
    services: Services, store: MemoryStore
) -> None:
    """Without an invite the user owns a new account named as asked."""
    user = register_owner(services, account_name="Acme IT")
    assert (user.role, user.is_active, user.created_at) == (Role.OWNER, True, START)
    assert store.tables.accounts[user.account_id].name == "Acme IT"
    [event] = events(store, audit.USER_REGISTERED)
    assert event.details == {"role": "owner", "by_invite": False}


def test_account_is_named_after_the_user_by_default(services: Services, store: MemoryStore) -> None:
    """Without an account name the account is named after the user."""
    user = register(services, Registration("ada@example.com", PASSWORD, "  Ada  "))
    assert user.name == "Ada"
    assert store.tables.accounts[user.account_id].name == "Ada's account"


def test_password_is_stored_only_as_a_hash(services: Services, hasher: FastHasher) -> None:
    """The stored hash is not the password, and verifies it."""
    user = register_owner(services)
    assert PASSWORD not in user.password_hash
    assert hasher.verify(user.password_hash, PASSWORD)


def test_email_is_stored_stripped(services: Services) -> None:
    """Surrounding spaces are not part of the stored email."""
    assert register_owner(services, " ada@example.com ").email == "ada@example.com"


def test_duplicate_email_is_refused_case_insensitively(
    services: Services, store: MemoryStore
) -> None:
    """An email registered in another case is a conflict, and nothing is created."""
    register_owner(services, "ada@example.com")
    with pytest.raises(EmailAlreadyRegistered):
        register_owner(services, "ADA@Example.com")
    assert len(store.tables.accounts) == 1


@pytest.mark.parametrize("email", ["ada", "@example.com", "ada@", "ada lovelace@example.com"])
def test_malformed_email_is_refused(services: Services, email: str) -> None:
    """An email that cannot be an address is a rule violation."""
    with pytest.raises(InvalidEmail):
        register(services, Registration(email, PASSWORD, "Ada"))


@pytest.mark.parametrize("password", ["x" * 7, "x" * 1025])
def test_password_outside_8_to_1024_characters_is_refused(
    services: Services, password: str
) -> None:
    """Too short and too long passwords are refused."""
    with pytest.raises(InvalidPassword):
        register(services, Registration("ada@example.com", password, "Ada"))


@pytest.mark.parametrize("password", ["x" * 8, "x" * 1024])
def test_password_of_8_and_1024_characters_is_accepted(services: Services, password: str) -> None:
    """Both length bounds are inclusive."""
    register(services, Registration("ada@example.com", password, "Ada"))


@pytest.mark.parametrize(("name", "account_name"), [("   ", None), ("Ada", "x" * 201)])
def test_blank_or_overlong_names_are_refused(
    services: Services, store: MemoryStore, name: str, account_name: str | None
) -> None:
    """A user or account name must be 1 to 200 characters after stripping."""
    with pytest.raises(RuleViolation):
        register(services, Registration("ada@example.com", PASSWORD, name, account_name))
    assert store.tables.users == {}


def test_the_first_account_of_a_fresh_installation_is_registered(
    services: Services, store: MemoryStore
) -> None:
    """An operator setting up an empty database gets an owned account, as any registration."""
    registration = Registration("demo@example.com", PASSWORD, "Demo", account_name="Demo")
    user = register(services, registration, CLI_OPERATOR, first_account=True)
    assert user.role is Role.OWNER
    assert store.tables.accounts[user.account_id].name == "Demo"


def test_a_first_account_is_refused_once_any_account_exists(
    services: Services, store: MemoryStore
) -> None:
    """Nothing is written: the operator must name the account to use instead."""
    register_owner(services)
    registration = Registration("demo@example.com", PASSWORD, "Demo")
    with pytest.raises(AccountsExist):
        register(services, registration, CLI_OPERATOR, first_account=True)
    assert len(store.tables.accounts) == 1
