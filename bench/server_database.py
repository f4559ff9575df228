"""A database made ready for our server: migrated, a signed-in member, published trees.

The harness and the server read the same settings (the same loader, the
same environment, the same ``.env``), so a token the harness signs is one
the server accepts, and a password hashed here is checked there at the same
argon2 parameters.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import attrs
from sqlalchemy import Engine

from adapters.sqlalchemy import create_database_engine
from bench.load import CONNECTIONS
from bench.servers import REPOSITORY
from bench.tree_seeding import seed_trees
from decision_core.identity import User
from decision_core.trees.catalogue import Tree, TreeVersion
from decision_core.usecases import signin
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.registration import Registration, register
from entrypoints.bootstrap import build_runtime, prepare_database
from entrypoints.settings import ServerSettings, load_settings

BENCH_CLIENT = ClientInfo(user_agent="bench", ip="127.0.0.1")


@attrs.frozen
class ServedDatabase:
    """What the scenarios need to build genuine requests against this database."""

    environment: dict[str, str] = attrs.field(repr=False)
    settings: ServerSettings = attrs.field(repr=False)
    engine: Engine
    services: Services
    member: User
    password: str = attrs.field(repr=False)
    access_token: str = attrs.field(repr=False)
    tree: Tree
    version: TreeVersion

    @property
    def bearer(self) -> str:
        """The member's ``Authorization`` header."""
        return f"Authorization: Bearer {self.access_token}"


@contextmanager
def served_database(url: str, *, trees: int) -> Iterator[ServedDatabase]:
    """Migrate ``url``, register and sign in a member, and publish ``trees`` trees."""
    environment = {
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        # One access token lasts the whole run; the token's lifetime costs nothing per request.
        "ACCESS_TOKEN_MINUTES": "60",
        # The sign-in scenario's connections sign one member in at once from one address, and
        # each attempt counts as a failure of that pair until its password has checked out
        # (docs/decisions.md, D15): at the default limit of 5 most of them would answer 429.
        "LOGIN_FAILURE_LIMIT": str(2 * CONNECTIONS),
    }
    settings = load_settings({**os.environ, **environment}, env_file=REPOSITORY / ".env")
    prepare_database(settings)
    runtime = build_runtime(settings)
    engine = create_database_engine(url, pool_size=1, max_overflow=0)
    try:
        services = runtime.services
        password = secrets.token_urlsafe(16)
        member = register(
            services, Registration(email="bench@bench.example", password=password, name="Bench")
        )
        signed_in = signin.login(services, member.email, password, BENCH_CLIENT)
        now = services.clock.now()
        tree, version = seed_trees(engine, member.account_id, member.id, range(trees), now)
        yield ServedDatabase(
            environment=environment,
            settings=settings,
            engine=engine,
            services=services,
            member=member,
            password=password,
            access_token=signed_in.access_token,
            tree=tree,
            version=version,
        )
    finally:
        engine.dispose()
        runtime.close()
