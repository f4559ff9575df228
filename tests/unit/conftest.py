"""Unit-test fixtures: the use cases wired to in-memory adapters and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

import attrs
import pytest

from adapters.memory import FixedClock, MemoryStore, MemoryTokenCodec, MemoryUnitOfWork
from decision_core.audit import AuditEvent
from decision_core.identity import User
from decision_core.login.sessions import LoginSession, RefreshTokenRecord
from decision_core.login.tokens import RefreshClaims
from decision_core.ports.unit_of_work import UnitOfWorkFactory
from decision_core.roles import Role
from decision_core.settings import AuthSettings, CoreSettings
from decision_core.usecases.context import ClientInfo, Principal, Services
from decision_core.usecases.registration import Registration, create_invite, register
from decision_core.usecases.signin import authenticate, login
from decision_core.usecases.token_issuing import IssuedTokens
from tests.fakes import TWO_FACTOR_SECRETS, FastHasher

START = datetime(2026, 11, 22, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at a whole second."""
    return FixedClock(START)


@pytest.fixture
def store() -> MemoryStore:
    """An empty in-memory database."""
    return MemoryStore()


@pytest.fixture
def hasher() -> FastHasher:
    """A fast, insecure password hasher."""
    return FastHasher()


# The reuse grace turned off (REFRESH_REUSE_GRACE_SECONDS=0), a supported setting: a
# rotated token presented again is a replay at once. A test about replays parametrizes
# ``core_settings`` with it, so that its replay comes within what the default grace forgives.
WITHOUT_REUSE_GRACE = CoreSettings(auth=AuthSettings(refresh_reuse_grace_seconds=0))


@pytest.fixture
def core_settings() -> CoreSettings:
    """The system defaults; a test overrides or parametrizes this fixture to change them."""
    return CoreSettings()


@pytest.fixture
def services(
    store: MemoryStore, clock: FixedClock, hasher: FastHasher, core_settings: CoreSettings
) -> Services:
    """The use cases' ports, all in memory, with ``core_settings`` (the defaults)."""
    return Services(
        uow=lambda: MemoryUnitOfWork(store),
        codec=MemoryTokenCodec(),
        hasher=hasher,
        clock=clock,
        two_factor_secrets=TWO_FACTOR_SECRETS,
        settings=core_settings,
    )


# --- Builders shared by the example tests --------------------------------------------------

PASSWORD = "correct horse battery"  # noqa: S105 - a test user's password
ADDRESS = "203.0.113.7"
BROWSER = ClientInfo(user_agent="Firefox/140", ip=ADDRESS)


@attrs.frozen
class SignedInMember:
    """A member who signed in: their user row, the token pair and the proven caller."""

    user: User
    tokens: IssuedTokens
    principal: Principal


def services_with(
    store: MemoryStore,
    clock: FixedClock,
    hasher: FastHasher,
    settings: CoreSettings,
    uow: UnitOfWorkFactory | None = None,
) -> Services:
    """The in-memory services with other settings, or another unit-of-work factory."""
    return Services(
        uow=uow or (lambda: MemoryUnitOfWork(store)),
        codec=MemoryTokenCodec(),
        hasher=hasher,
        clock=clock,
        two_factor_secrets=TWO_FACTOR_SECRETS,
        settings=settings,
    )


def register_owner(
    services: Services, email: str = "owner@example.com", account_name: str | None = None
) -> User:
    """Register a user who owns a new account."""
    return register(
        services,
        Registration(
            email=email, password=PASSWORD, name=email.partition("@")[0], account_name=account_name
        ),
    )


def sign_in(
    services: Services, email: str, password: str = PASSWORD, client: ClientInfo = BROWSER
) -> SignedInMember:
    """Sign in and authenticate the new access token."""
    tokens = login(services, email, password, client)
    principal = authenticate(services, tokens.access_token)
    with services.uow() as uow:
        user = uow.users.get(principal.user_id)
    assert user is not None
    return SignedInMember(user=user, tokens=tokens, principal=principal)


def owner_signed_in(services: Services, email: str = "owner@example.com") -> SignedInMember:
    """Register the owner of a new account and sign them in."""
    register_owner(services, email)
    return sign_in(services, email)


def member_with_role(
    services: Services, owner: SignedInMember, role: Role, email: str
) -> SignedInMember:
    """Invite ``email`` into the owner's account with ``role``, register and sign them in."""
    invite = create_invite(services, owner.principal, role, email)
    register(
        services,
        Registration(
            email=email, password=PASSWORD, name=email.partition("@")[0], invite_code=invite.code
        ),
    )
    return sign_in(services, email)


def refresh_claims(services: Services, refresh_token: str) -> RefreshClaims:
    """The claims behind a refresh token."""
    return services.codec.decode_refresh(refresh_token)


def stored_token(store: MemoryStore, jti: str) -> RefreshTokenRecord:
    """The committed record of one refresh token."""
    return store.tables.refresh_tokens[jti]


def stored_session(store: MemoryStore, sid: UUID) -> LoginSession:
    """The committed state of one login session."""
    return store.tables.login_sessions[sid]


def events(store: MemoryStore, action: str | None = None) -> list[AuditEvent]:
    """Every committed audit event, oldest first, optionally of one action."""
    return [e for e in store.tables.audit if action in (None, e.action)]


def remove_account(store: MemoryStore, account_id: UUID) -> None:
    """Delete an account behind the use cases' back (no use case deletes one yet)."""
    del store.tables.accounts[account_id]


def deactivate_directly(store: MemoryStore, user_id: UUID) -> None:
    """Deactivate a user in a transaction of its own, as another process would."""
    with MemoryUnitOfWork(store) as uow:
        user = uow.users.get(user_id)
        assert user is not None
        uow.users.save(attrs.evolve(user, is_active=False))
        uow.commit()


@attrs.define
class Transactions:
    """A unit-of-work factory that keeps every unit of work it opened.

    ``before[n]`` runs just before the n-th transaction (counting from 0) opens:
    another writer committing between two transactions of one use case.
    """

    store: MemoryStore
    opened: list[MemoryUnitOfWork] = attrs.Factory(list)
    before: dict[int, Callable[[], None]] = attrs.Factory(dict)

    def __call__(self) -> MemoryUnitOfWork:
        """Open the next unit of work."""
        interruption = self.before.pop(len(self.opened), None)
        if interruption is not None:
            interruption()
        uow = MemoryUnitOfWork(self.store)
        self.opened.append(uow)
        return uow


@pytest.fixture
def transactions(store: MemoryStore) -> Transactions:
    """A unit-of-work factory on ``store`` that records what it opened."""
    return Transactions(store)


@pytest.fixture
def traced(
    store: MemoryStore, clock: FixedClock, hasher: FastHasher, transactions: Transactions
) -> Services:
    """The in-memory services, opening their units of work through ``transactions``."""
    return services_with(store, clock, hasher, CoreSettings(), uow=transactions)


@pytest.fixture
def owner(services: Services) -> SignedInMember:
    """The signed-in owner of a new account."""
    return owner_signed_in(services)


@pytest.fixture
def team(services: Services, owner: SignedInMember) -> dict[Role, SignedInMember]:
    """One signed-in member of each role in the owner's account."""
    return {
        Role.OWNER: owner,
        Role.ADMIN: member_with_role(services, owner, Role.ADMIN, "admin@example.com"),
        Role.ENGINEER: member_with_role(services, owner, Role.ENGINEER, "engineer@example.com"),
        Role.VIEWER: member_with_role(services, owner, Role.VIEWER, "viewer@example.com"),
    }
