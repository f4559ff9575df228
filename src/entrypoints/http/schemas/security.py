"""Bodies of an account's session policy and bulk sign-out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from msgspec import UNSET, UnsetType

from decision_core.login.policy import KEEP, Keep, PolicyPatch, Preset
from decision_core.login.revocation import BulkScope
from decision_core.usecases.account_security import SecurityView
from entrypoints.http.schemas.base import RequestBody, ResponseBody


class ActiveUserBody(ResponseBody):
    """A member holding at least one live login session."""

    user_id: UUID
    name: str
    email: str
    last_login_at: datetime | None


class SecurityBody(ResponseBody):
    """The account's overrides, what they resolve to, the system bounds, who is signed in."""

    idle_minutes: int | None
    absolute_minutes: int | None
    effective_idle_minutes: int
    effective_absolute_minutes: int
    preset: Preset
    idle_minutes_min: int
    idle_minutes_max: int
    idle_minutes_default: int
    absolute_minutes_min: int
    absolute_minutes_max: int
    absolute_minutes_default: int
    active_users: list[ActiveUserBody]
    require_two_factor: bool


class SecurityPatchRequest(RequestBody):
    """A JSON merge-patch of the overrides, or a preset.

    A key left out keeps its value; an explicit ``null`` clears the override
    back to the system default.
    """

    idle_minutes: int | UnsetType | None = UNSET
    absolute_minutes: int | UnsetType | None = UNSET
    preset: Literal["strict", "standard"] | UnsetType = UNSET

    def to_patch(self) -> PolicyPatch:
        """The core's patch: UNSET becomes KEEP."""
        return PolicyPatch(
            idle_minutes=_kept_if_unset(self.idle_minutes),
            absolute_minutes=_kept_if_unset(self.absolute_minutes),
            preset=None if isinstance(self.preset, UnsetType) else Preset(self.preset),
        )


class RevokeSessionsRequest(RequestBody):
    """Which sessions an owner signs out: ``all`` includes the caller's own."""

    scope: BulkScope = BulkScope.ALL


class RevokedBody(ResponseBody):
    """How many live login sessions ended."""

    revoked_count: int


def _kept_if_unset(value: int | UnsetType | None) -> int | Keep | None:
    return KEEP if isinstance(value, UnsetType) else value


def security_body(view: SecurityView) -> SecurityBody:
    """Present the account's session policy."""
    bounds = view.bounds
    return SecurityBody(
        idle_minutes=view.overrides.idle_minutes,
        absolute_minutes=view.overrides.absolute_minutes,
        effective_idle_minutes=view.effective.idle_minutes,
        effective_absolute_minutes=view.effective.absolute_minutes,
        preset=view.preset,
        idle_minutes_min=bounds.idle_minutes_min,
        idle_minutes_max=bounds.idle_minutes_max,
        idle_minutes_default=bounds.idle_minutes_default,
        absolute_minutes_min=bounds.absolute_minutes_min,
        absolute_minutes_max=bounds.absolute_minutes_max,
        absolute_minutes_default=bounds.absolute_minutes_default,
        active_users=[
            ActiveUserBody(
                user_id=user.user_id,
                name=user.name,
                email=user.email,
                last_login_at=user.last_login_at,
            )
            for user in view.active_users
        ],
        require_two_factor=view.require_two_factor,
    )
