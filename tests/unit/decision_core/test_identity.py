from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from decision_core.errors import InvalidEmail, InvalidPassword
from decision_core.identity import (
    Invite,
    User,
    check_email,
    check_password,
    email_key,
    invite_code_hash,
    same_email,
)
from decision_core.roles import Role
from tests.unit.conftest import START


def an_invite(email: str | None = None, *, used: bool = False) -> Invite:
    """A viewer invite made at START, valid for seven days."""
    return Invite(
        id=uuid4(),
        account_id=uuid4(),
        code_hash=invite_code_hash("code"),
        role=Role.VIEWER,
        email=email,
        created_by=uuid4(),
        created_at=START,
        expires_at=START + timedelta(days=7),
        used_at=START if used else None,
    )


def test_email_key_ignores_case_and_surrounding_space() -> None:
    """Emails are unique by their stripped, case-folded form."""
    assert email_key("  Ada@Example.COM ") == "ada@example.com"
    assert same_email("ADA@example.com", "ada@EXAMPLE.com")
    assert not same_email("ada@example.com", "bob@example.com")


def test_check_email_strips_and_keeps_case() -> None:
    """A valid email comes back stripped, its case untouched."""
    assert check_email(" Ada@Example.com ") == "Ada@Example.com"


def test_email_of_320_characters_is_accepted() -> None:
    """The length bound is inclusive."""
    email = "a" * 308 + "@example.com"
    assert check_email(email) == email


@pytest.mark.parametrize(
    "email",
    ["", "ada.example.com", "@example.com", "ada@", "a da@example.com", "a" * 309 + "@example.com"],
)
def test_check_email_refuses_what_cannot_be_an_address(email: str) -> None:
    """No @, nothing before or after it, a space, or more than 320 characters are refused."""
    with pytest.raises(InvalidEmail) as refused:
        check_email(email)
    assert "320" in refused.value.problems[0]


def test_check_password_bounds() -> None:
    """8 and 1024 characters pass; 7 and 1025 do not."""
    check_password("x" * 8)
    check_password("x" * 1024)
    for password in ("x" * 7, "x" * 1025):
        with pytest.raises(InvalidPassword):
            check_password(password)


def test_invite_code_hash_is_sha256_hex() -> None:
    """The stored form is the 64-digit SHA-256 of the code, never the code."""
    stored = invite_code_hash("secret-code")
    assert len(stored) == 64
    assert "secret-code" not in stored


def test_open_invite_is_usable_by_anyone_until_it_expires() -> None:
    """An unaddressed, unused invite works until, but not at, its expiry."""
    invite = an_invite()
    assert invite.usable_by("anyone@example.com", START + timedelta(days=7, seconds=-1))
    assert not invite.usable_by("anyone@example.com", START + timedelta(days=7))


def test_used_invite_is_not_usable() -> None:
    """A used invite is refused even before it expires."""
    assert not an_invite(used=True).usable_by("anyone@example.com", START)


def test_addressed_invite_is_usable_only_by_its_email() -> None:
    """An addressed invite matches its email case-insensitively, and no other."""
    invite = an_invite("ada@example.com")
    assert invite.usable_by("ADA@example.com", START)
    assert not invite.usable_by("bob@example.com", START)


def test_reprs_never_show_a_hash() -> None:
    """Logging a user or an invite cannot leak its password or code hash."""
    user = User(
        id=uuid4(),
        account_id=uuid4(),
        email="ada@example.com",
        name="Ada",
        role=Role.OWNER,
        password_hash="fast$s1$deadbeef",  # noqa: S106 - a made-up hash
        is_active=True,
        created_at=START,
    )
    assert "deadbeef" not in repr(user)
    assert invite_code_hash("code") not in repr(an_invite())
