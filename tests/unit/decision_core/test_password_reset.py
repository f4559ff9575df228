"""Reset tokens: random, stored only as a hash, and usable once until the deadline."""

from __future__ import annotations

import hashlib
import string
from datetime import timedelta
from uuid import uuid4

import attrs
from hypothesis import given
from hypothesis import strategies as st

from decision_core.password_reset import (
    RESET_TOKEN_LIFETIME,
    issue_reset_token,
    reset_token_hash,
)
from tests.unit.conftest import START

URL_SAFE = set(string.ascii_letters + string.digits + "-_")
# Offsets around the deadline, to the second, up to a day either side.
offsets = st.integers(min_value=-86_400, max_value=86_400)


def test_a_token_is_43_url_safe_characters_and_only_its_hash_is_kept() -> None:
    """32 random bytes; the record holds the SHA-256, never the token."""
    token, record = issue_reset_token(uuid4(), START)
    assert len(token) == 43
    assert set(token) <= URL_SAFE
    assert (
        record.token_hash == hashlib.sha256(token.encode()).hexdigest() == reset_token_hash(token)
    )
    assert token not in repr(record)
    assert record.token_hash not in repr(record)
    assert (record.created_at, record.expires_at) == (START, START + timedelta(minutes=30))


def test_tokens_never_repeat() -> None:
    """A hundred requests, a hundred different tokens."""
    assert len({issue_reset_token(uuid4(), START)[0] for _ in range(100)}) == 100


@given(offsets)
def test_a_token_is_usable_strictly_before_its_deadline(seconds: int) -> None:
    """Expired *at* ``expires_at``, like every other deadline of the service."""
    _, record = issue_reset_token(uuid4(), START)
    now = record.expires_at + timedelta(seconds=seconds)
    assert record.is_usable(now) is (seconds < 0)
    assert record.is_usable(START + RESET_TOKEN_LIFETIME - timedelta(seconds=1))
    assert not record.is_usable(START + RESET_TOKEN_LIFETIME)


@given(offsets)
def test_a_spent_token_is_never_usable(seconds: int) -> None:
    """Single use: once ``used_at`` is set, no moment before the deadline helps."""
    _, record = issue_reset_token(uuid4(), START)
    spent = attrs.evolve(record, used_at=START)
    assert not spent.is_usable(START + timedelta(seconds=seconds))
