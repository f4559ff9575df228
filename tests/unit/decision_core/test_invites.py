"""An invite's state at any moment, which invites a listing admits, and the invite mail's values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from decision_core.identity import Invite, InviteState, invite_code_hash
from decision_core.invites import InviteFilter, InviteQuery, invite_mail_values, readable_time
from decision_core.roles import Role
from tests.unit.conftest import START

EXPIRES = START + timedelta(days=7)
# Any moment up to two weeks either side of the expiry, to the microsecond.
moments = st.integers(min_value=-14 * 86_400_000_000, max_value=14 * 86_400_000_000).map(
    lambda micros: EXPIRES + timedelta(microseconds=micros)
)
optional_moments = st.none() | moments


def an_invite(
    *,
    role: Role = Role.VIEWER,
    used_at: datetime | None = None,
    revoked_at: datetime | None = None,
) -> Invite:
    """A viewer invite made at START, expiring at EXPIRES."""
    return Invite(
        id=uuid4(),
        account_id=uuid4(),
        code_hash=invite_code_hash("code"),
        role=role,
        email="new@example.com",
        created_by=uuid4(),
        created_at=START,
        expires_at=EXPIRES,
        used_at=used_at,
        used_by=None if used_at is None else uuid4(),
        revoked_at=revoked_at,
    )


@given(now=moments, used_at=optional_moments, revoked_at=optional_moments)
def test_an_invite_is_in_exactly_the_state_its_columns_say(
    now: datetime, used_at: datetime | None, revoked_at: datetime | None
) -> None:
    """Used wins over revoked, revoked over expired; open only before the expiry, else expired."""
    state = an_invite(used_at=used_at, revoked_at=revoked_at).state(now)
    if used_at is not None:
        assert state is InviteState.USED
    elif revoked_at is not None:
        assert state is InviteState.REVOKED
    else:
        assert state is (InviteState.OPEN if now < EXPIRES else InviteState.EXPIRED)
    assert an_invite(used_at=used_at, revoked_at=revoked_at).is_open(now) is (
        state is InviteState.OPEN
    )


def test_an_invite_is_open_in_its_last_microsecond_and_expired_at_its_expiry() -> None:
    """The expiry is the first moment it no longer works."""
    invite = an_invite()
    assert invite.state(EXPIRES - timedelta(microseconds=1)) is InviteState.OPEN
    assert invite.state(EXPIRES) is InviteState.EXPIRED


@given(now=moments)
def test_a_revoked_invite_is_never_usable_by_its_own_email(now: datetime) -> None:
    """Revoking makes the code useless, before and after its expiry."""
    assert not an_invite(revoked_at=START).usable_by("new@example.com", now)


@given(
    now=moments,
    used_at=optional_moments,
    revoked_at=optional_moments,
    wanted=st.sampled_from(InviteFilter),
    roles=st.frozensets(st.sampled_from(Role)),
    role=st.sampled_from(Role),
)
def test_a_query_admits_an_invite_of_its_state_and_roles(  # noqa: PLR0913 - one per drawn value
    *,
    now: datetime,
    used_at: datetime | None,
    revoked_at: datetime | None,
    wanted: InviteFilter,
    roles: frozenset[Role],
    role: Role,
) -> None:
    """``all`` admits every state; any other filter its own state only; never another role."""
    invite = an_invite(role=role, used_at=used_at, revoked_at=revoked_at)
    admitted = InviteQuery(roles=roles, state=wanted).admits(invite, now)
    state_matches = wanted is InviteFilter.ALL or wanted.value == invite.state(now).value
    assert admitted is (state_matches and role in roles)


def test_every_state_can_be_asked_for() -> None:
    """The filter offers each state by its own name, and ``all``."""
    assert {f.value for f in InviteFilter} == {s.value for s in InviteState} | {"all"}


def test_the_mail_names_the_account_role_inviter_and_expiry() -> None:
    """Everything the template shows, and the code that makes the link."""
    values = invite_mail_values(an_invite(), "the-code", account_name="Acme", inviter_name="Ada")
    assert values == {
        "code": "the-code",
        "account_name": "Acme",
        "role": "viewer",
        "inviter_name": "Ada",
        "expires_at": "29 November 2026, 09:00 UTC",
    }


def test_a_readable_time_is_in_utc_whatever_the_zone() -> None:
    """A moment given in another zone is shown as the same instant in UTC, without a leading 0."""
    moment = datetime(2026, 12, 5, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    assert readable_time(moment) == "4 December 2026, 23:30 UTC"
    assert readable_time(datetime(2027, 1, 1, tzinfo=UTC)) == "1 January 2027, 00:00 UTC"
