"""Every hypothesis strategy of the unit tests, and the in-memory world they are replayed into.

Strategies only describe values; :class:`World` builds fresh services for one
example, because function-scoped fixtures are not reset between examples.
Times are whole Unix seconds around ``NOW`` unless a strategy says otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import attrs
from hypothesis import strategies as st

from adapters.memory import FixedClock, MemoryStore, MemoryTokenCodec, MemoryUnitOfWork
from decision_core.clock import from_unix, unix_seconds
from decision_core.errors import DomainError
from decision_core.identity import Account, User
from decision_core.login.policy import (
    KEEP,
    EffectivePolicy,
    Keep,
    PolicyOverrides,
    PolicyPatch,
    Preset,
)
from decision_core.login.revocation import BulkScope
from decision_core.login.sessions import LoginSession, RefreshTokenRecord, RevokeReason
from decision_core.login.tokens import LATEST_UNIX_SECOND, LONGEST_SESSION_SECONDS, RefreshClaims
from decision_core.roles import Role
from decision_core.settings import (
    LONGEST_SESSION_MINUTES,
    AuthSettings,
    CoreSettings,
    SessionSettings,
)
from decision_core.usecases.context import ClientInfo, Services
from decision_core.usecases.refreshing import refresh
from decision_core.usecases.signin import login
from decision_core.usecases.token_issuing import IssuedTokens
from tests.fakes import TWO_FACTOR_SECRETS, FastHasher

NOW = datetime(2026, 11, 22, 9, 0, 0, tzinfo=UTC)
NOW_S = unix_seconds(NOW)
MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
DAY_DELTA = timedelta(days=1)
PASSWORD = "correct horse battery staple"  # noqa: S105 - a test password, not a secret

# SPEC 4's system defaults and bounds, in minutes.
SPEC_IDLE_DEFAULT, SPEC_ABSOLUTE_DEFAULT = 4320, 20160
IDLE_MIN, IDLE_MAX = 15, 43200
ABSOLUTE_MAX = 129600


# --- time ---------------------------------------------------------------------------------


def unix_times() -> st.SearchStrategy[int]:
    """Unix seconds from 2001 to 2096: any instant a token could realistically carry."""
    return st.integers(1_000_000_000, 4_000_000_000)


def offsets(span: int) -> st.SearchStrategy[int]:
    """Seconds relative to a boundary, favouring the boundary itself and either side."""
    return st.sampled_from([-1, 0, 1]) | st.integers(-span, span)


def sub_seconds() -> st.SearchStrategy[int]:
    """Microseconds within a second, favouring none and the last one."""
    return st.sampled_from([0, 999_999]) | st.integers(0, 999_999)


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Aware datetimes from 1970 to 2200 in a few timezones, down to the microsecond."""
    return st.datetimes(
        min_value=datetime(1970, 1, 2),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime(2200, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
        ),
    )


# --- settings and policies ----------------------------------------------------------------


@st.composite
def session_settings(draw: st.DrawFn) -> SessionSettings:
    """Valid session settings: ordered positive bounds, defaults inside, idle <= absolute."""
    idle_min = draw(st.integers(1, 500))
    idle_max = draw(st.integers(idle_min, idle_min + 50_000))
    absolute_min = draw(st.integers(1, 500))
    absolute_max = draw(st.integers(max(absolute_min, idle_min), idle_min + 150_000))
    idle_default = draw(st.integers(idle_min, min(idle_max, absolute_max)))
    absolute_default = draw(st.integers(max(absolute_min, idle_default), absolute_max))
    return SessionSettings(
        idle_minutes_default=idle_default,
        absolute_minutes_default=absolute_default,
        idle_minutes_min=idle_min,
        idle_minutes_max=idle_max,
        absolute_minutes_min=absolute_min,
        absolute_minutes_max=absolute_max,
    )


def any_session_settings() -> st.SearchStrategy[SessionSettings]:
    """The system defaults, or any valid settings."""
    return st.just(SessionSettings()) | session_settings()


SETTINGS_FIELDS = (
    "idle_minutes_default",
    "absolute_minutes_default",
    "idle_minutes_min",
    "idle_minutes_max",
    "absolute_minutes_min",
    "absolute_minutes_max",
)


@st.composite
def _nudged_settings_fields(draw: st.DrawFn) -> dict[str, int]:
    """Valid settings with one field moved a little, often across a boundary."""
    fields: dict[str, int] = attrs.asdict(draw(session_settings()))
    name = draw(st.sampled_from(SETTINGS_FIELDS))
    fields[name] += draw(st.sampled_from([-1, 1]) | st.integers(-3, 3))
    return fields


@st.composite
def _independent_settings_fields(draw: st.DrawFn) -> dict[str, int]:
    """Each kind's bounds and default drawn on their own, then up to two fields replaced.

    Both defaults are drawn independently, so about half the time idle exceeds absolute.
    """
    fields: dict[str, int] = {}
    for kind in ("idle", "absolute"):
        low = draw(st.integers(1, 50))
        high = draw(st.integers(low, low + 50))
        fields[f"{kind}_minutes_min"] = low
        fields[f"{kind}_minutes_max"] = high
        fields[f"{kind}_minutes_default"] = draw(st.integers(low, high))
    for name in draw(st.sets(st.sampled_from(SETTINGS_FIELDS), max_size=2)):
        fields[name] = draw(st.integers(-2, 101))
    return fields


@st.composite
def _longest_settings_fields(draw: st.DrawFn) -> dict[str, int]:
    """Valid settings with a max bound at the longest session any server grants, or past it."""
    fields: dict[str, int] = attrs.asdict(draw(session_settings()))
    name = draw(st.sampled_from(["idle_minutes_max", "absolute_minutes_max"]))
    fields[name] = LONGEST_SESSION_MINUTES + draw(st.sampled_from([0, 1]) | st.integers(0, 10**9))
    return fields


def session_settings_fields() -> st.SearchStrategy[dict[str, int]]:
    """Keyword arguments for ``SessionSettings``: valid, nearly valid, or breaking any rule."""
    anything = st.fixed_dictionaries(dict.fromkeys(SETTINGS_FIELDS, st.integers(-3, 40)))
    valid = session_settings().map(attrs.asdict)
    return (
        valid
        | _nudged_settings_fields()
        | _independent_settings_fields()
        | _longest_settings_fields()
        | anything
    )


def minutes_for(low: int, high: int) -> st.SearchStrategy[int]:
    """Minutes inside, at and around the bounds ``low..high``, or anything at all."""
    return (
        st.sampled_from([low - 1, low, high, high + 1])
        | st.integers(low, high)
        | st.integers(-5, 5)
        | st.integers(-(10**6), 10**6)
    )


def policy_overrides(settings: SessionSettings | None = None) -> st.SearchStrategy[PolicyOverrides]:
    """Overrides within the bounds of ``settings`` (the system defaults if not given)."""
    settings = settings or SessionSettings()
    return st.builds(
        PolicyOverrides,
        idle_minutes=st.none() | st.integers(settings.idle_minutes_min, settings.idle_minutes_max),
        absolute_minutes=st.none()
        | st.integers(settings.absolute_minutes_min, settings.absolute_minutes_max),
    ).filter(lambda overrides: _effective_idle_fits(overrides, settings))


def default_policy_seconds(overrides: PolicyOverrides) -> tuple[int, int]:
    """SPEC 4's effective (idle, absolute) in seconds under the default settings.

    Worked out here rather than with ``decision_core.login.policy``, so tests check the SPEC.
    """
    idle, absolute = overrides.idle_minutes, overrides.absolute_minutes
    return (
        (SPEC_IDLE_DEFAULT if idle is None else idle) * MINUTE,
        (SPEC_ABSOLUTE_DEFAULT if absolute is None else absolute) * MINUTE,
    )


def _effective_idle_fits(overrides: PolicyOverrides, settings: SessionSettings) -> bool:
    idle, absolute = overrides.idle_minutes, overrides.absolute_minutes
    idle = settings.idle_minutes_default if idle is None else idle
    absolute = settings.absolute_minutes_default if absolute is None else absolute
    return idle <= absolute


@attrs.frozen
class PolicyCase:
    """Settings, an account's current overrides (valid or not), and a patch of them."""

    settings: SessionSettings
    current: PolicyOverrides
    patch: PolicyPatch


@st.composite
def policy_cases(draw: st.DrawFn) -> PolicyCase:
    """A policy update to judge: patch values kept, cleared, in, at or out of bounds."""
    settings = draw(any_session_settings())
    idle = minutes_for(settings.idle_minutes_min, settings.idle_minutes_max)
    absolute = minutes_for(settings.absolute_minutes_min, settings.absolute_minutes_max)
    current = PolicyOverrides(draw(st.none() | idle), draw(st.none() | absolute))
    keep: st.SearchStrategy[Keep | None] = st.just(KEEP) | st.none()
    patch = PolicyPatch(
        idle_minutes=draw(keep | idle),
        absolute_minutes=draw(keep | absolute),
        preset=draw(st.none() | st.none() | st.sampled_from(Preset)),
    )
    return PolicyCase(settings, current, patch)


# --- refresh decisions --------------------------------------------------------------------


def snapshot_seconds() -> st.SearchStrategy[int]:
    """An ``idle_max`` or ``abs_max`` in seconds, up to the largest system bound."""
    return st.integers(1, ABSOLUTE_MAX * MINUTE)


@attrs.frozen
class AbsoluteCase:
    """A token of a login session that signed in at ``auth_time``, consumed at ``now``."""

    auth_time: int
    abs_max: int
    idle_max: int
    now: int
    microseconds: int
    grace_seconds: int

    @property
    def deadline(self) -> int:
        """The first second at which the login session is over."""
        return self.auth_time + self.abs_max


@st.composite
def absolute_cases(draw: st.DrawFn) -> AbsoluteCase:
    """A consume at, just before, just after, or anywhere around the absolute deadline."""
    auth_time = draw(unix_times())
    abs_max = draw(snapshot_seconds())
    return AbsoluteCase(
        auth_time=auth_time,
        abs_max=abs_max,
        idle_max=draw(st.integers(1, abs_max)),
        now=auth_time + abs_max + draw(offsets(2 * abs_max)),
        microseconds=draw(sub_seconds()),
        grace_seconds=draw(st.integers(0, 3600)),
    )


@attrs.frozen
class IdleCase:
    """Claims presented at ``now`` by ``user`` with ``policy`` as the account's, now."""

    claims: RefreshClaims
    now: int
    user: User | None
    policy: EffectivePolicy | None


@st.composite
def idle_cases(draw: st.DrawFn) -> IdleCase:
    """Claims (with or without a snapshot) presented around their ``exp``."""
    ids = draw(st.uuids())
    iat = draw(unix_times())
    idle_max = draw(snapshot_seconds())
    legacy = draw(st.booleans())
    claims = RefreshClaims(
        sub=ids,
        sid=draw(st.uuids()),
        jti=draw(st.text(min_size=1, max_size=8)),
        iat=iat,
        exp=iat + idle_max,
        auth_time=None if legacy else iat - draw(st.integers(0, DAY)),
        idle_max=None if legacy else idle_max,
        abs_max=None if legacy else draw(snapshot_seconds()),
    )
    user = st.builds(a_user, st.uuids(), st.just(0), is_active=st.booleans(), user_id=st.just(ids))
    policy = st.builds(EffectivePolicy, st.integers(1, IDLE_MAX), st.integers(1, ABSOLUTE_MAX))
    return IdleCase(
        claims=claims,
        now=claims.exp + draw(offsets(2 * idle_max)),
        user=draw(st.none() | user),
        policy=draw(st.none() | policy),
    )


def implausible_variants(claims: RefreshClaims) -> st.SearchStrategy[RefreshClaims]:
    """``claims`` (with a snapshot) with one claim moved out of anything we issue.

    Far out (1e12, 1e30, beyond 64 bits) or just past the bound: a lifetime
    that is not positive or longer than any policy grants, a sign-in after
    ``iat`` or before 1970, an ``iat`` or ``exp`` outside 1970..9999, or an
    absolute deadline past 9999 from a token issued at its very end.
    """
    assert claims.snapshot is not None
    far = st.sampled_from([10**12, 10**30]) | st.integers(2**63, 10**40)
    lifetimes = st.integers(-(10**40), 0) | st.integers(LONGEST_SESSION_SECONDS + 1, 10**40) | far
    not_instants = st.integers(-(10**40), -1) | st.integers(LATEST_UNIX_SECOND + 1, 10**40) | far
    after_iat = st.integers(claims.iat + 1, claims.iat + DAY) | far
    last_sign_in = st.integers(LATEST_UNIX_SECOND - DAY, LATEST_UNIX_SECOND)
    past_9999 = st.builds(
        lambda sign_in, overshoot: attrs.evolve(
            claims,
            iat=LATEST_UNIX_SECOND,
            exp=LATEST_UNIX_SECOND,
            auth_time=sign_in,
            abs_max=LATEST_UNIX_SECOND - sign_in + overshoot,
        ),
        last_sign_in,
        st.integers(1, DAY),
    )
    return st.one_of(
        lifetimes.map(lambda value: attrs.evolve(claims, idle_max=value)),
        lifetimes.map(lambda value: attrs.evolve(claims, abs_max=value)),
        (after_iat | st.integers(-(10**40), -1)).map(
            lambda value: attrs.evolve(claims, auth_time=value)
        ),
        not_instants.map(lambda value: attrs.evolve(claims, iat=value)),
        not_instants.map(lambda value: attrs.evolve(claims, exp=value)),
        st.sampled_from(
            [
                attrs.evolve(claims, auth_time=None),
                attrs.evolve(claims, idle_max=None),
                attrs.evolve(claims, abs_max=None),
            ]
        ),
        past_9999,
    )


@st.composite
def implausible_claims(draw: st.DrawFn) -> RefreshClaims:
    """Claims a signed token could carry but this service never issues."""
    case = draw(idle_cases())
    claims = case.claims
    if claims.snapshot is None:
        claims = attrs.evolve(claims, auth_time=claims.iat, idle_max=DAY, abs_max=DAY)
    return draw(implausible_variants(claims))


# --- login sessions and accounts ----------------------------------------------------------


def a_user(  # noqa: PLR0913 - each keyword is a fact some strategy varies
    account_id: UUID,
    number: int,
    *,
    role: Role = Role.ENGINEER,
    is_active: bool = True,
    user_id: UUID | None = None,
    password_hash: str = "not-a-hash",  # noqa: S107 - a placeholder, never verified
) -> User:
    """Member ``number`` of an account; the number makes its id and email unique."""
    return User(
        id=user_id or UUID(int=0x1000_0000 + number),
        account_id=account_id,
        email=f"user{number}@example.com",
        name=f"User {number}",
        role=role,
        password_hash=password_hash,
        is_active=is_active,
        created_at=NOW - timedelta(days=30),
    )


@st.composite
def login_sessions(
    draw: st.DrawFn, account_id: UUID, user_id: UUID, sid: UUID, now: datetime = NOW
) -> LoginSession:
    """A session that is live at ``now``, just expired (idle or absolute), or revoked."""
    abs_max = draw(st.integers(1, 10 * DAY))
    idle_max = draw(st.integers(1, abs_max))
    age = max(0, draw(st.sampled_from([abs_max - 1, abs_max]) | st.integers(0, 2 * abs_max)))
    since_use = draw(st.sampled_from([idle_max - 1, idle_max]) | st.integers(0, age))
    since_use = min(age, max(0, since_use))
    started = now - timedelta(seconds=age)
    revoked = draw(st.booleans())
    return LoginSession(
        id=sid,
        user_id=user_id,
        account_id=account_id,
        auth_time=started,
        idle_max=idle_max,
        abs_max=abs_max,
        created_at=started,
        last_used_at=now - timedelta(seconds=since_use),
        revoked_at=now - timedelta(seconds=draw(st.integers(0, age))) if revoked else None,
        revoke_reason=draw(st.sampled_from(RevokeReason)) if revoked else None,
    )


@attrs.frozen
class AccountState:
    """One account with its members (the first is an active owner) and their sessions."""

    account: Account
    users: tuple[User, ...]
    sessions: tuple[LoginSession, ...]


@st.composite
def account_states(draw: st.DrawFn, max_accounts: int = 3) -> tuple[AccountState, ...]:
    """Several accounts, each with an owner, random members and random sessions."""
    numbers = itertools.count(1)
    states = []
    for _ in range(draw(st.integers(2, max_accounts))):
        account = Account(id=UUID(int=next(numbers)), name="Acme", created_at=NOW - DAY_DELTA)
        owner = a_user(account.id, next(numbers), role=Role.OWNER)
        members = [
            a_user(
                account.id,
                next(numbers),
                role=draw(st.sampled_from(Role)),
                is_active=draw(st.booleans()),
            )
            for _ in range(draw(st.integers(0, 3)))
        ]
        users = (owner, *members)
        sessions = tuple(
            draw(login_sessions(account.id, user.id, UUID(int=next(numbers))))
            for user in users
            for _ in range(draw(st.integers(0, 3)))
        )
        states.append(AccountState(account, users, sessions))
    return tuple(states)


@attrs.frozen
class BulkCase:
    """Accounts, and the owner (first user of ``states[caller]``) revoking with ``scope``."""

    states: tuple[AccountState, ...]
    caller: int
    scope: BulkScope

    @property
    def account(self) -> AccountState:
        """The caller's account."""
        return self.states[self.caller]


@st.composite
def bulk_cases(draw: st.DrawFn) -> BulkCase:
    """An owner of one of several accounts revokes ``all`` or ``others``."""
    states = draw(account_states())
    return BulkCase(
        states=states,
        caller=draw(st.integers(0, len(states) - 1)),
        scope=draw(st.sampled_from(BulkScope)),
    )


@attrs.frozen
class SelectorCase:
    """A session and the fields of a selector that may or may not pick it."""

    session: LoginSession
    account_id: UUID
    sid: UUID | None
    user_id: UUID | None
    except_user_id: UUID | None
    except_sid: UUID | None


@st.composite
def selector_cases(draw: st.DrawFn) -> SelectorCase:
    """Ids drawn from a pool of three, so that selectors often name the session's own."""
    pool = st.sampled_from([UUID(int=1), UUID(int=2), UUID(int=3)])
    session = draw(login_sessions(draw(pool), draw(pool), draw(pool)))
    return SelectorCase(
        session=session,
        account_id=draw(pool),
        sid=draw(st.none() | pool),
        user_id=draw(st.none() | pool),
        except_user_id=draw(st.none() | pool),
        except_sid=draw(st.none() | pool),
    )


# --- refresh at the use-case level --------------------------------------------------------


@attrs.frozen
class RefreshSchedule:
    """An account policy, and the seconds waited before each rotation."""

    policy: PolicyOverrides
    start_microseconds: int
    waits: tuple[int, ...]


@st.composite
def refresh_schedules(draw: st.DrawFn) -> RefreshSchedule:
    """Waits that each stay inside the idle window, all before the absolute deadline."""
    policy = draw(policy_overrides())
    idle, absolute = default_policy_seconds(policy)
    # The clock starts a fraction into NOW's second and waits whole seconds, so a rotation
    # at most ``absolute - 1`` seconds on still floors to a second before the deadline.
    start_microseconds = draw(sub_seconds())
    waits: list[int] = []
    elapsed = 0
    for _ in range(draw(st.integers(1, 8))):
        room = min(idle - 1, absolute - 1 - elapsed)
        if room < 0:
            break
        wait = draw(st.just(room) | st.integers(0, room) | st.integers(0, min(room, 60)))
        waits.append(wait)
        elapsed += wait
    return RefreshSchedule(policy, start_microseconds, tuple(waits))


@attrs.frozen
class Presentation:
    """Present token number ``pick`` (modulo how many exist) after ``wait`` seconds."""

    pick: int
    wait: int


def presentations() -> st.SearchStrategy[list[Presentation]]:
    """A short random sequence of presentations a few seconds apart."""
    return st.lists(
        st.builds(Presentation, pick=st.integers(0, 20), wait=st.integers(0, 30)), max_size=12
    )


@attrs.frozen
class GraceCase:
    """A family rotated after each of ``rotation_waits``, then a token presented ``wait`` later.

    The clock starts ``start_microseconds`` into ``NOW``'s second.
    """

    grace_seconds: int
    start_microseconds: int
    rotation_waits: tuple[int, ...]
    wait: timedelta


@st.composite
def grace_cases(draw: st.DrawFn, *, min_rotations: int = 1, sub_second: bool = False) -> GraceCase:
    """A grace window, a family, and a wait before, at or after the window closes.

    With ``sub_second``, the rotation and the presentation fall anywhere within
    their seconds, down to the microsecond; otherwise on whole seconds.
    """
    grace = draw(st.integers(1, 600))
    waits = draw(st.lists(st.integers(0, 120), min_size=min_rotations, max_size=4))
    seconds = draw(st.sampled_from([grace - 1, grace, grace + 1]) | st.integers(0, 2 * grace))
    wait = timedelta(seconds=max(0, seconds))
    start = 0
    if sub_second:
        start = draw(sub_seconds())
        wait += timedelta(microseconds=draw(sub_seconds()))
    return GraceCase(grace, start, tuple(waits), wait)


@attrs.frozen
class LegacyCase:
    """A legacy token of a live session, presented at ``NOW`` plus some microseconds.

    ``later`` seconds on, the legacy token comes back, after its successor was
    itself rotated if ``rotate_successor``.
    """

    policy: PolicyOverrides
    issued_ago: int
    expires_in: int
    session_age: int
    microseconds: int
    later: int
    rotate_successor: bool


@st.composite
def legacy_cases(draw: st.DrawFn) -> LegacyCase:
    """A legacy token issued a while ago, still inside its idle window when it comes back."""
    session_age = draw(st.integers(0, 30 * DAY))
    expires_in = draw(st.sampled_from([1]) | st.integers(1, 30 * DAY))
    # Within both the legacy token's idle window and the shortest grandfathered one.
    latest = min(expires_in, IDLE_MIN * MINUTE) - 1
    return LegacyCase(
        policy=draw(policy_overrides()),
        issued_ago=draw(st.integers(0, session_age)),
        expires_in=expires_in,
        session_age=session_age,
        microseconds=draw(sub_seconds()),
        later=draw(st.sampled_from([0, latest]) | st.integers(0, latest)),
        rotate_successor=draw(st.booleans()),
    )


# --- throttling ---------------------------------------------------------------------------


@attrs.frozen
class ThrottleCase:
    """Failure times up to ``now``, and the limit and window to judge them by."""

    failures: tuple[datetime, ...]
    now: datetime
    limit: int
    window: timedelta


@st.composite
def throttle_cases(draw: st.DrawFn) -> ThrottleCase:
    """Failures inside, at the edge of, and beyond the window, never in the future."""
    now = NOW + timedelta(microseconds=draw(sub_seconds()))
    window = draw(
        st.sampled_from([timedelta(minutes=15)])
        | st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=1))
    )
    ages = st.sampled_from([timedelta(0), window]) | st.timedeltas(timedelta(0), 2 * window)
    failures = tuple(now - age for age in draw(st.lists(ages, max_size=12)))
    return ThrottleCase(failures, now, draw(st.integers(1, 6)), window)


# --- JSON bodies --------------------------------------------------------------------------

# What trips a byte-level reading of JSON: brackets, quotes and backslashes inside strings.
_JSON_STRUCTURE_CHARACTERS = '[]{}"\\/u0 '


def json_text() -> st.SearchStrategy[str]:
    """Short strings, mostly of JSON's structural characters and escapes, often ending in one."""
    characters = st.sampled_from(_JSON_STRUCTURE_CHARACTERS) | st.characters(codec="utf-8")
    text = st.text(characters, max_size=6)
    ending = st.sampled_from(["", "\\", '"', "[", "{"])
    return st.builds(str.__add__, text, ending)


def json_values() -> st.SearchStrategy[object]:
    """Any JSON value, nested up to a dozen levels or so, with strings full of brackets."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | json_text()
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(json_text(), children, max_size=3)
        ),
        max_leaves=30,
    )


# --- the world the use cases run in -------------------------------------------------------


class World:
    """Fresh in-memory services for one hypothesis example, with a fixed clock."""

    def __init__(self, auth: AuthSettings | None = None, now: datetime = NOW) -> None:
        """An empty store, a clock at ``now``, and default settings unless ``auth``."""
        self.store = MemoryStore()
        self.clock = FixedClock(now)
        self.codec = MemoryTokenCodec()
        self.hasher = FastHasher()
        self.services = Services(
            uow=lambda: MemoryUnitOfWork(self.store),
            codec=self.codec,
            hasher=self.hasher,
            clock=self.clock,
            two_factor_secrets=TWO_FACTOR_SECRETS,
            settings=CoreSettings(auth=auth or AuthSettings()),
        )

    def put(
        self,
        *,
        accounts: Iterable[Account] = (),
        users: Iterable[User] = (),
        sessions: Iterable[LoginSession] = (),
        tokens: Iterable[RefreshTokenRecord] = (),
    ) -> None:
        """Store these rows in one committed transaction."""
        with MemoryUnitOfWork(self.store) as uow:
            for account in accounts:
                uow.accounts.add(account)
            for user in users:
                uow.users.add(user)
            for session in sessions:
                uow.login_sessions.add(session)
            for token in tokens:
                uow.refresh_tokens.add(token)
            uow.commit()

    def new_member(self, policy: PolicyOverrides) -> User:
        """An account with ``policy`` and its active owner, who knows ``PASSWORD``."""
        account = Account(id=UUID(int=1), name="Acme", created_at=NOW - DAY_DELTA, policy=policy)
        owner = a_user(account.id, 1, role=Role.OWNER, password_hash=self.hasher.hash(PASSWORD))
        self.put(accounts=[account], users=[owner])
        return owner

    def sign_in(self, policy: PolicyOverrides | None = None) -> IssuedTokens:
        """A new member of an account with ``policy`` signs in, now."""
        user = self.new_member(policy or PolicyOverrides())
        return login(self.services, user.email, PASSWORD, ClientInfo())

    def wait(self, seconds: int) -> None:
        """Let ``seconds`` pass on the fixed clock."""
        self.clock.advance(timedelta(seconds=seconds))

    def present(self, refresh_token: str) -> IssuedTokens | DomainError:
        """Refresh with ``refresh_token``: the new pair, or the domain error it raised."""
        try:
            return refresh(self.services, refresh_token, ClientInfo())
        except DomainError as error:
            return error

    def claims(self, tokens: IssuedTokens) -> RefreshClaims:
        """The claims of the refresh token in ``tokens``."""
        return self.codec.decode_refresh(tokens.refresh_token)

    def now_s(self) -> int:
        """The clock's Unix seconds."""
        return unix_seconds(self.clock.now())

    def sessions(self) -> dict[UUID, LoginSession]:
        """The committed login sessions."""
        return dict(self.store.tables.login_sessions)

    def token_records(self) -> dict[str, RefreshTokenRecord]:
        """The committed refresh-token records."""
        return dict(self.store.tables.refresh_tokens)

    def audit_actions(self) -> Iterator[str]:
        """The action of every committed audit event, oldest first."""
        return (event.action for event in self.store.tables.audit)


# --- two-factor sign-in and step-up --------------------------------------------------------


def totp_secrets() -> st.SearchStrategy[bytes]:
    """TOTP secrets as the server derives them: 20 random bytes."""
    return st.binary(min_size=20, max_size=20)


def totp_moments() -> st.SearchStrategy[datetime]:
    """Instants a code is checked at, favouring the edges of a 30-second step."""
    return st.builds(
        lambda seconds, micro: from_unix(seconds).replace(microsecond=micro),
        unix_times().map(lambda s: s - s % 30) | unix_times(),
        sub_seconds(),
    ).flatmap(lambda moment: st.sampled_from([moment, moment + timedelta(seconds=29)]))


def step_offsets() -> st.SearchStrategy[int]:
    """Time steps relative to the current one: the window (-1, 0, 1), its edges, and beyond."""
    return st.sampled_from([-2, -1, 0, 1, 2]) | st.integers(-100, 100)
