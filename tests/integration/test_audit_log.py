from datetime import timedelta

from decision_core.audit import AuditCursor, AuditEvent
from decision_core.json_value import JsonValue
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import NOW, an_account, an_event, given


def newest_first(events: list[AuditEvent]) -> list[AuditEvent]:
    """The order the audit log promises: by (at, id as text), newest first."""
    return sorted(events, key=lambda e: (e.at, str(e.id)), reverse=True)


def test_pages_walk_every_event_once_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    """Keyset paging over events sharing an instant neither skips nor repeats one."""
    account = an_account()
    events = [an_event(account, at=NOW - timedelta(minutes=i % 3)) for i in range(11)]
    given(uow_factory, account, *events)
    seen: list[AuditEvent] = []
    cursor: AuditCursor | None = None
    with uow_factory() as uow:
        while page := uow.audit.page(account.id, action=None, before=cursor, limit=4):
            assert len(page) <= 4
            seen += page
            cursor = AuditCursor(page[-1].at, page[-1].id)
    assert seen == newest_first(events)


def test_pages_filter_by_action_and_stay_in_their_account(uow_factory: UnitOfWorkFactory) -> None:
    """Other actions and other accounts' events never show."""
    account, other = an_account(), an_account()
    logins = [an_event(account, at=NOW - timedelta(seconds=i)) for i in range(3)]
    given(
        uow_factory,
        account,
        other,
        *logins,
        an_event(account, action="auth.logout"),
        an_event(other),
    )
    with uow_factory() as uow:
        page = uow.audit.page(account.id, action="auth.login", before=None, limit=10)
        everything = uow.audit.page(account.id, action=None, before=None, limit=10)
    assert page == newest_first(logins)
    assert len(everything) == 4


def test_details_keep_their_json_shape(uow_factory: UnitOfWorkFactory) -> None:
    """Nested objects, lists, numbers, booleans and nulls come back as they went in."""
    account = an_account()
    details: dict[str, JsonValue] = {
        "scope": "others",
        "revoked_count": 3,
        "old": {"idle_minutes": None, "absolute_minutes": 43200},
        "flags": [True, False, 1.5, "x"],
    }
    event = an_event(account, action="account.sessions_revoked_bulk", details=details)
    given(uow_factory, account, event)
    with uow_factory() as uow:
        assert uow.audit.page(account.id, action=None, before=None, limit=1) == [event]
