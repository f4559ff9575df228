from __future__ import annotations

import pytest

from decision_core.errors import PolicyRejected
from decision_core.login.policy import (
    KEEP,
    EffectivePolicy,
    PolicyOverrides,
    PolicyPatch,
    Preset,
    apply_patch,
    effective_policy,
    policy_problems,
    preset_of,
    updated_overrides,
)
from decision_core.settings import SessionSettings

SETTINGS = SessionSettings()


def test_effective_policy_falls_back_to_each_default() -> None:
    """Each unset override takes its own system default."""
    assert effective_policy(PolicyOverrides(60, None), SETTINGS) == EffectivePolicy(60, 20160)
    assert effective_policy(PolicyOverrides(None, 240), SETTINGS) == EffectivePolicy(4320, 240)


def test_effective_policy_in_seconds() -> None:
    """The snapshot carries minutes times sixty."""
    policy = EffectivePolicy(idle_minutes=60, absolute_minutes=240)
    assert (policy.idle_seconds, policy.absolute_seconds) == (3600, 14400)


@pytest.mark.parametrize(
    ("overrides", "preset"),
    [
        (PolicyOverrides(None, None), Preset.STRICT),
        (PolicyOverrides(10080, 43200), Preset.STANDARD),
        (PolicyOverrides(4320, 20160), Preset.CUSTOM),
        (PolicyOverrides(10080, None), Preset.CUSTOM),
    ],
)
def test_presets_are_recognised_by_their_overrides(
    overrides: PolicyOverrides, preset: Preset
) -> None:
    """Strict is both null (even though 4320/20160 has the same effect); standard is 7 d / 30 d."""
    assert preset_of(overrides) is preset


def test_patch_keeps_left_out_keys() -> None:
    """A default patch changes nothing."""
    assert apply_patch(PolicyOverrides(60, 240), PolicyPatch()) == PolicyOverrides(60, 240)


def test_patch_none_clears_an_override() -> None:
    """An explicit None returns that override to the system default."""
    patch = PolicyPatch(idle_minutes=None, absolute_minutes=KEEP)
    assert apply_patch(PolicyOverrides(60, 240), patch) == PolicyOverrides(None, 240)


def test_bounds_are_inclusive() -> None:
    """The minimum and maximum of each bound are themselves acceptable."""
    assert policy_problems(PolicyOverrides(15, 60), SETTINGS) == []
    assert policy_problems(PolicyOverrides(43200, 129600), SETTINGS) == []


def test_idle_equal_to_absolute_is_acceptable() -> None:
    """The invariant is idle <= absolute, so equal values pass."""
    assert policy_problems(PolicyOverrides(60, 60), SETTINGS) == []


def test_every_broken_rule_is_reported() -> None:
    """Out-of-bounds values and the invariant are all listed, each naming its bounds."""
    problems = policy_problems(PolicyOverrides(43201, 59), SETTINGS)
    assert problems == [
        "idle_minutes must be between 15 and 43200, got 43201",
        "absolute_minutes must be between 60 and 129600, got 59",
        (
            "the effective idle timeout (43201 min) must not exceed "
            "the effective absolute lifetime (59 min)"
        ),
    ]


def test_updated_overrides_refuse_the_partial_override_breaking_the_invariant() -> None:
    """Idle 43200 with the absolute left at its default of 20160 is rejected."""
    with pytest.raises(PolicyRejected) as rejected:
        updated_overrides(PolicyOverrides(), PolicyPatch(idle_minutes=43200), SETTINGS)
    assert rejected.value.code == "invalid_session_policy"


def test_updated_overrides_apply_a_valid_patch() -> None:
    """A valid patch returns the merged overrides."""
    merged = updated_overrides(
        PolicyOverrides(60, None), PolicyPatch(absolute_minutes=240), SETTINGS
    )
    assert merged == PolicyOverrides(60, 240)
