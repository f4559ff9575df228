"""Properties of session-policy updates: merge-patch semantics, bounds and the invariant."""

from __future__ import annotations

import pytest
from hypothesis import assume, given

from decision_core.errors import PolicyRejected
from decision_core.login.policy import (
    KEEP,
    PolicyOverrides,
    PolicyPatch,
    Preset,
    apply_patch,
    updated_overrides,
)
from decision_core.settings import SessionSettings
from tests.unit.strategies import PolicyCase, policy_cases

# Written out here rather than read from decision_core, so the test checks SPEC 4 itself.
STANDARD = PolicyOverrides(idle_minutes=10080, absolute_minutes=43200)


def merged(current: int | None, patched: int | object | None) -> int | None:
    """Merge-patch of one key: left out keeps, anything else (``None`` included) replaces."""
    if patched is KEEP:
        return current
    assert patched is None or isinstance(patched, int)
    return patched


def candidate(case: PolicyCase) -> PolicyOverrides | None:
    """The overrides a patch asks for, or ``None`` when the patch itself is contradictory."""
    patch = case.patch
    if patch.preset is None:
        return PolicyOverrides(
            merged(case.current.idle_minutes, patch.idle_minutes),
            merged(case.current.absolute_minutes, patch.absolute_minutes),
        )
    if patch.idle_minutes is not KEEP or patch.absolute_minutes is not KEEP:
        return None
    return {Preset.STRICT: PolicyOverrides(), Preset.STANDARD: STANDARD}.get(patch.preset)


def within(value: int | None, low: int, high: int) -> bool:
    """An unset override is always acceptable; a set one lies in ``low..high``."""
    return value is None or low <= value <= high


def acceptable(overrides: PolicyOverrides, settings: SessionSettings) -> bool:
    """SPEC 4: each override within its bounds, and effective idle <= effective absolute."""
    idle, absolute = overrides.idle_minutes, overrides.absolute_minutes
    effective_idle = settings.idle_minutes_default if idle is None else idle
    effective_absolute = settings.absolute_minutes_default if absolute is None else absolute
    return (
        within(idle, settings.idle_minutes_min, settings.idle_minutes_max)
        and within(absolute, settings.absolute_minutes_min, settings.absolute_minutes_max)
        and effective_idle <= effective_absolute
    )


@given(policy_cases())
def test_a_policy_update_is_accepted_exactly_when_bounds_and_invariant_hold(
    case: PolicyCase,
) -> None:
    """An update gives the merged overrides if they are acceptable, else ``PolicyRejected``."""
    expected = candidate(case)

    if expected is not None and acceptable(expected, case.settings):
        assert updated_overrides(case.current, case.patch, case.settings) == expected
    else:
        with pytest.raises(PolicyRejected):
            updated_overrides(case.current, case.patch, case.settings)


@given(policy_cases())
def test_a_rejected_policy_update_names_the_bounds_it_breaks(case: PolicyCase) -> None:
    """Each out-of-bounds override gets a problem naming its field, its min and its max."""
    expected = candidate(case)
    assume(expected is not None)
    assert expected is not None
    settings = case.settings
    fields = [
        (
            "idle_minutes",
            expected.idle_minutes,
            settings.idle_minutes_min,
            settings.idle_minutes_max,
        ),
        (
            "absolute_minutes",
            expected.absolute_minutes,
            settings.absolute_minutes_min,
            settings.absolute_minutes_max,
        ),
    ]
    broken = [
        (name, low, high) for name, value, low, high in fields if not within(value, low, high)
    ]
    assume(broken)

    with pytest.raises(PolicyRejected) as rejected:
        updated_overrides(case.current, case.patch, case.settings)

    for name, low, high in broken:
        assert any(
            problem.startswith(name) and str(low) in problem and str(high) in problem
            for problem in rejected.value.problems
        ), rejected.value.problems


@given(policy_cases())
def test_a_merge_patch_keeps_left_out_keys_and_clears_null_ones(case: PolicyCase) -> None:
    """Before any validation, ``KEEP`` keeps the stored value and ``None`` clears it."""
    patch = PolicyPatch(case.patch.idle_minutes, case.patch.absolute_minutes)

    result = apply_patch(case.current, patch)

    assert result.idle_minutes == (
        case.current.idle_minutes if patch.idle_minutes is KEEP else patch.idle_minutes
    )
    assert result.absolute_minutes == (
        case.current.absolute_minutes if patch.absolute_minutes is KEEP else patch.absolute_minutes
    )
