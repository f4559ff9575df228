"""System settings of the core, as immutable values checked at construction.

The entrypoints read them from the environment; the core only refuses
inconsistent values, so a misconfigured server does not start.
"""

from __future__ import annotations

from typing import Final

import attrs

# The longest login session any configuration may grant: ten years. Bounds beyond it are
# refused at start-up, so no refresh token this service issues carries a longer idle_max
# or abs_max, and decision_core.login.tokens refuses one that does. Ten years of seconds fit
# the database's integer columns (68 years) and a datetime (9999) with room to spare.
LONGEST_SESSION_MINUTES: Final = 10 * 365 * 24 * 60


class InvalidSettings(ValueError):
    """The settings contradict each other; the service must not start."""


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value <= 0:
        msg = f"{attribute.name} must be positive, got {value}"
        raise InvalidSettings(msg)


def _not_negative(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        msg = f"{attribute.name} must not be negative, got {value}"
        raise InvalidSettings(msg)


@attrs.frozen
class SessionSettings:
    """Login-session policy defaults and bounds, in minutes (SPEC 4)."""

    idle_minutes_default: int = attrs.field(default=4320, validator=_positive)
    absolute_minutes_default: int = attrs.field(default=20160, validator=_positive)
    idle_minutes_min: int = attrs.field(default=15, validator=_positive)
    idle_minutes_max: int = attrs.field(default=43200, validator=_positive)
    absolute_minutes_min: int = attrs.field(default=60, validator=_positive)
    absolute_minutes_max: int = attrs.field(default=129600, validator=_positive)

    def __attrs_post_init__(self) -> None:
        """Refuse defaults outside their bounds, bounds past ten years, idle > absolute default."""
        problems = [
            *_outside(
                "idle", self.idle_minutes_default, self.idle_minutes_min, self.idle_minutes_max
            ),
            *_outside(
                "absolute",
                self.absolute_minutes_default,
                self.absolute_minutes_min,
                self.absolute_minutes_max,
            ),
        ]
        if self.idle_minutes_default > self.absolute_minutes_default:
            problems.append(
                f"the idle default ({self.idle_minutes_default} min) exceeds "
                f"the absolute default ({self.absolute_minutes_default} min)"
            )
        if problems:
            raise InvalidSettings("; ".join(problems))


def _outside(name: str, default: int, low: int, high: int) -> list[str]:
    if high > LONGEST_SESSION_MINUTES:
        longest = (
            f"the longest session any server grants ({LONGEST_SESSION_MINUTES} min, ten years)"
        )
        return [f"the {name} max ({high} min) exceeds {longest}"]
    if low > high:
        return [f"the {name} bounds are inverted: min {low} > max {high}"]
    if not low <= default <= high:
        return [f"the {name} default {default} lies outside its bounds {low}..{high}"]
    return []


@attrs.frozen
class AuthSettings:
    """Token lifetimes, reuse grace, sign-in throttling, invite lifetime and step-up window."""

    access_token_minutes: int = attrs.field(default=5, validator=_positive)
    refresh_reuse_grace_seconds: int = attrs.field(default=10, validator=_not_negative)
    login_failure_limit: int = attrs.field(default=5, validator=_positive)
    login_failure_window_minutes: int = attrs.field(default=15, validator=_positive)
    invite_days: int = attrs.field(default=7, validator=_positive)
    # How recent a sign-in or confirmation must be for a step-up change (STEP_UP_MINUTES).
    step_up_minutes: int = attrs.field(default=10, validator=_positive)


@attrs.frozen
class CoreSettings:
    """Everything the use cases need to know about the system's configuration."""

    sessions: SessionSettings = attrs.field(factory=SessionSettings)
    auth: AuthSettings = attrs.field(factory=AuthSettings)
