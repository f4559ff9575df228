"""Roles inside an account, strongest first: owner > admin > engineer > viewer."""

from __future__ import annotations

import enum

from decision_core.errors import Forbidden


class Role(enum.Enum):
    """A member's role; compare strength with :func:`at_least`."""

    OWNER = "owner"
    ADMIN = "admin"
    ENGINEER = "engineer"
    VIEWER = "viewer"

    @property
    def rank(self) -> int:
        """Higher is stronger."""
        return _RANKS[self]


_RANKS = {Role.OWNER: 3, Role.ADMIN: 2, Role.ENGINEER: 1, Role.VIEWER: 0}


def at_least(role: Role, required: Role) -> bool:
    """Whether ``role`` is ``required`` or stronger."""
    return role.rank >= required.rank


def require_role(role: Role, required: Role) -> None:
    """Raise :class:`Forbidden` unless ``role`` is ``required`` or stronger."""
    if not at_least(role, required):
        msg = f"this needs the {required.value} role or stronger"
        raise Forbidden(msg)
