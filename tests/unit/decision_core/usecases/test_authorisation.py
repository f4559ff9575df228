"""Who may call which use case: each refused role gets Forbidden, the weakest allowed one passes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.memory import MemoryStore
from decision_core.errors import Forbidden
from decision_core.login.policy import PolicyPatch, Preset
from decision_core.login.revocation import BulkScope
from decision_core.roles import Role
from decision_core.usecases.account_security import get_security, revoke_sessions, update_security
from decision_core.usecases.audit_trail import read_audit
from decision_core.usecases.context import Principal, Services
from decision_core.usecases.members import MemberChange, list_members, update_member
from decision_core.usecases.my_account import change_password, list_my_sessions, me
from decision_core.usecases.registration import create_invite
from tests.unit.conftest import PASSWORD, SignedInMember

UseCase = Callable[[Services, Principal], object]

OWNER_ONLY: dict[str, UseCase] = {
    "get_security": get_security,
    "update_security": lambda s, p: update_security(s, p, PolicyPatch(preset=Preset.STANDARD)),
    "revoke_sessions": lambda s, p: revoke_sessions(s, p, BulkScope.OTHERS),
    "update_member": lambda s, p: update_member(s, p, p.user_id, MemberChange(role=Role.OWNER)),
}
OWNER_OR_ADMIN: dict[str, UseCase] = {
    "create_invite": lambda s, p: create_invite(s, p, Role.ENGINEER),
    "list_members": list_members,
    "read_audit": read_audit,
}
ANY_MEMBER: dict[str, UseCase] = {
    "me": me,
    "list_my_sessions": list_my_sessions,
    "change_password": lambda s, p: change_password(s, p, PASSWORD, PASSWORD),
}

REFUSED = [
    *[(name, role) for name in OWNER_ONLY for role in (Role.ADMIN, Role.ENGINEER, Role.VIEWER)],
    *[(name, role) for name in OWNER_OR_ADMIN for role in (Role.ENGINEER, Role.VIEWER)],
]
WEAKEST_ALLOWED = [
    *[(name, Role.OWNER) for name in OWNER_ONLY],
    *[(name, Role.ADMIN) for name in OWNER_OR_ADMIN],
    *[(name, Role.VIEWER) for name in ANY_MEMBER],
]
USE_CASES = OWNER_ONLY | OWNER_OR_ADMIN | ANY_MEMBER


@pytest.mark.parametrize(("name", "role"), REFUSED)
def test_role_below_the_rule_is_forbidden(
    services: Services, store: MemoryStore, team: dict[Role, SignedInMember], name: str, role: Role
) -> None:
    """A role weaker than the use case needs is refused and leaves no trace."""
    audit_before, users_before = list(store.tables.audit), dict(store.tables.users)
    sessions_before = dict(store.tables.login_sessions)
    with pytest.raises(Forbidden):
        USE_CASES[name](services, team[role].principal)
    assert store.tables.audit == audit_before
    assert store.tables.users == users_before
    assert store.tables.login_sessions == sessions_before


@pytest.mark.parametrize(("name", "role"), WEAKEST_ALLOWED)
def test_weakest_allowed_role_passes(
    services: Services, team: dict[Role, SignedInMember], name: str, role: Role
) -> None:
    """The weakest role the rule allows may call the use case."""
    USE_CASES[name](services, team[role].principal)


def test_the_stored_role_counts_not_the_tokens(
    services: Services, team: dict[Role, SignedInMember]
) -> None:
    """An admin demoted to viewer is refused at once, though their token still says admin."""
    owner, admin = team[Role.OWNER], team[Role.ADMIN]
    update_member(services, owner.principal, admin.user.id, MemberChange(role=Role.VIEWER))
    assert admin.principal.role is Role.ADMIN
    with pytest.raises(Forbidden):
        list_members(services, admin.principal)
