"""Properties of the system settings: a server with contradictory settings does not start."""

from __future__ import annotations

import pytest
from hypothesis import given

from decision_core.settings import LONGEST_SESSION_MINUTES, InvalidSettings, SessionSettings
from tests.unit.strategies import session_settings_fields


def consistent(fields: dict[str, int]) -> bool:
    """SPEC 4: positive, ordered bounds up to ten years; defaults inside; idle <= absolute."""
    idle = fields["idle_minutes_default"]
    absolute = fields["absolute_minutes_default"]
    return (
        all(value > 0 for value in fields.values())
        and fields["idle_minutes_min"] <= idle <= fields["idle_minutes_max"]
        and fields["absolute_minutes_min"] <= absolute <= fields["absolute_minutes_max"]
        and idle <= absolute
        and fields["idle_minutes_max"] <= LONGEST_SESSION_MINUTES
        and fields["absolute_minutes_max"] <= LONGEST_SESSION_MINUTES
    )


@given(session_settings_fields())
def test_session_settings_construct_exactly_when_consistent(fields: dict[str, int]) -> None:
    """``SessionSettings`` keeps consistent values as given and refuses any other."""
    if consistent(fields):
        settings = SessionSettings(**fields)
        assert {name: getattr(settings, name) for name in fields} == fields
    else:
        with pytest.raises(InvalidSettings):
            SessionSettings(**fields)
