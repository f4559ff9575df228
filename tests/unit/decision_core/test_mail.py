"""The outbox's delivery rules: growing delays between attempts, and when it gives up."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from decision_core.json_value import JsonValue
from decision_core.mail import (
    FIRST_RETRY_DELAY,
    LONGEST_RETRY_DELAY,
    MAX_ATTEMPTS,
    ClaimedMail,
    failure_of,
    new_mail,
    retry_delay,
)
from tests.unit.conftest import START

attempts = st.integers(min_value=1, max_value=10_000)


def claimed(attempt: int) -> ClaimedMail:
    """A message claimed for its ``attempt``-th delivery."""
    return ClaimedMail(new_mail("a@example.com", "password_reset", {}, START), attempt)


def test_delays_double_from_one_minute_to_one_hour() -> None:
    """1, 2, 4 ... 32 minutes, then an hour: the eighth attempt comes about two hours in."""
    delays = [retry_delay(attempt) for attempt in range(1, MAX_ATTEMPTS)]
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60)]
    assert sum(delays, timedelta()) == timedelta(minutes=123)


@given(attempts)
def test_a_delay_is_never_shorter_than_the_one_before_nor_past_the_longest(attempt: int) -> None:
    """The delays grow, from the first, and stop growing at the longest."""
    assert FIRST_RETRY_DELAY <= retry_delay(attempt) <= LONGEST_RETRY_DELAY
    assert retry_delay(attempt) <= retry_delay(attempt + 1)


@given(st.integers(min_value=1, max_value=MAX_ATTEMPTS - 1))
def test_a_failure_before_the_last_attempt_is_retried_after_its_delay(attempt: int) -> None:
    """The message is due again ``retry_delay(attempt)`` after the failure."""
    failure = failure_of(claimed(attempt), "refused", START)
    assert not failure.gave_up
    assert failure.retry_at == START + retry_delay(attempt)
    assert (failure.at, failure.error) == (START, "refused")


@given(st.integers(min_value=MAX_ATTEMPTS, max_value=10_000))
def test_the_outbox_gives_up_at_the_last_attempt(attempt: int) -> None:
    """The eighth failure (or a later one) is final: no retry time."""
    failure = failure_of(claimed(attempt), "refused", START)
    assert failure.gave_up
    assert failure.retry_at is None


def test_a_new_message_has_its_own_id_and_a_copy_of_its_values() -> None:
    """Two messages never share an id; changing the given mapping changes no message."""
    values: dict[str, JsonValue] = {"link": "abc"}
    first, second = (
        new_mail("a@example.com", "x", values, START),
        new_mail("a@example.com", "x", values, START),
    )
    values["link"] = "changed"
    assert first.id != second.id
    assert first.values == {"link": "abc"}
