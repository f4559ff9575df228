from __future__ import annotations

import pytest

from decision_core.errors import Forbidden
from decision_core.roles import Role, at_least, require_role

STRONGEST_FIRST = [Role.OWNER, Role.ADMIN, Role.ENGINEER, Role.VIEWER]


def test_roles_rank_owner_admin_engineer_viewer() -> None:
    """Sorting by rank gives owner > admin > engineer > viewer."""
    assert sorted(Role, key=lambda role: role.rank, reverse=True) == STRONGEST_FIRST


@pytest.mark.parametrize("required", STRONGEST_FIRST)
@pytest.mark.parametrize("role", STRONGEST_FIRST)
def test_at_least_compares_strength(role: Role, required: Role) -> None:
    """A role satisfies its own level and every weaker one, never a stronger one."""
    expected = STRONGEST_FIRST.index(role) <= STRONGEST_FIRST.index(required)
    assert at_least(role, required) is expected


def test_require_role_names_the_missing_role() -> None:
    """A refusal says which role would have been needed."""
    with pytest.raises(Forbidden, match="needs the admin role or stronger"):
        require_role(Role.ENGINEER, Role.ADMIN)


def test_require_role_passes_an_equal_role() -> None:
    """The required role itself is enough."""
    require_role(Role.ADMIN, Role.ADMIN)
