"""Per-account login-session policy: overrides, presets and their validation.

An account stores two nullable overrides; ``None`` means "the system default".
The effective policy must keep idle <= absolute. The database can only check
that when both overrides are set, so the core checks the effective values,
which depend on the settings.
"""

from __future__ import annotations

import enum
from typing import Final

import attrs

from decision_core.errors import PolicyRejected
from decision_core.settings import SessionSettings

SECONDS_PER_MINUTE: Final = 60


@attrs.frozen
class PolicyOverrides:
    """What an account chose; ``None`` falls back to the system default."""

    idle_minutes: int | None = None
    absolute_minutes: int | None = None


@attrs.frozen
class EffectivePolicy:
    """The policy a new login session snapshots."""

    idle_minutes: int
    absolute_minutes: int

    @property
    def idle_seconds(self) -> int:
        """The idle window, as carried in a refresh token's ``idle_max``."""
        return self.idle_minutes * SECONDS_PER_MINUTE

    @property
    def absolute_seconds(self) -> int:
        """The absolute lifetime, as carried in a refresh token's ``abs_max``."""
        return self.absolute_minutes * SECONDS_PER_MINUTE


class Preset(enum.Enum):
    """Named policies; anything that is neither is ``custom``."""

    STRICT = "strict"
    STANDARD = "standard"
    CUSTOM = "custom"


PRESET_OVERRIDES: Final = {
    Preset.STRICT: PolicyOverrides(None, None),
    Preset.STANDARD: PolicyOverrides(idle_minutes=10080, absolute_minutes=43200),
}


def effective_policy(overrides: PolicyOverrides, settings: SessionSettings) -> EffectivePolicy:
    """Resolve each override against its system default."""
    idle = overrides.idle_minutes
    absolute = overrides.absolute_minutes
    return EffectivePolicy(
        idle_minutes=settings.idle_minutes_default if idle is None else idle,
        absolute_minutes=settings.absolute_minutes_default if absolute is None else absolute,
    )


def preset_of(overrides: PolicyOverrides) -> Preset:
    """Name the preset these overrides are, or ``custom``."""
    for preset, preset_overrides in PRESET_OVERRIDES.items():
        if overrides == preset_overrides:
            return preset
    return Preset.CUSTOM


class Keep(enum.Enum):
    """Marks a key left out of a merge-patch: the stored value stays."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


@attrs.frozen
class PolicyPatch:
    """A merge-patch of the overrides, or a preset.

    A key left out (``KEEP``) keeps its value; an explicit ``None`` clears
    the override back to the system default.
    """

    idle_minutes: int | Keep | None = KEEP
    absolute_minutes: int | Keep | None = KEEP
    preset: Preset | None = None


def apply_patch(current: PolicyOverrides, patch: PolicyPatch) -> PolicyOverrides:
    """Merge ``patch`` into ``current`` without validating bounds."""
    if patch.preset is not None:
        if patch.idle_minutes is not KEEP or patch.absolute_minutes is not KEEP:
            msg = "give either a preset or idle_minutes / absolute_minutes, not both"
            raise PolicyRejected([msg])
        if patch.preset is Preset.CUSTOM:
            msg = "preset must be strict or standard; set the minutes for a custom policy"
            raise PolicyRejected([msg])
        return PRESET_OVERRIDES[patch.preset]
    return PolicyOverrides(
        idle_minutes=current.idle_minutes if patch.idle_minutes is KEEP else patch.idle_minutes,
        absolute_minutes=(
            current.absolute_minutes if patch.absolute_minutes is KEEP else patch.absolute_minutes
        ),
    )


def policy_problems(overrides: PolicyOverrides, settings: SessionSettings) -> list[str]:
    """Every bound or invariant these overrides break; empty when acceptable."""
    problems = []
    idle, absolute = overrides.idle_minutes, overrides.absolute_minutes
    if idle is not None and not settings.idle_minutes_min <= idle <= settings.idle_minutes_max:
        problems.append(
            f"idle_minutes must be between {settings.idle_minutes_min} "
            f"and {settings.idle_minutes_max}, got {idle}"
        )
    if absolute is not None and not (
        settings.absolute_minutes_min <= absolute <= settings.absolute_minutes_max
    ):
        problems.append(
            f"absolute_minutes must be between {settings.absolute_minutes_min} "
            f"and {settings.absolute_minutes_max}, got {absolute}"
        )
    effective = effective_policy(overrides, settings)
    if effective.idle_minutes > effective.absolute_minutes:
        problems.append(
            f"the effective idle timeout ({effective.idle_minutes} min) must not exceed "
            f"the effective absolute lifetime ({effective.absolute_minutes} min)"
        )
    return problems


def updated_overrides(
    current: PolicyOverrides, patch: PolicyPatch, settings: SessionSettings
) -> PolicyOverrides:
    """Apply ``patch`` and return the new overrides, or raise :class:`PolicyRejected`."""
    candidate = apply_patch(current, patch)
    problems = policy_problems(candidate, settings)
    if problems:
        raise PolicyRejected(problems)
    return candidate
