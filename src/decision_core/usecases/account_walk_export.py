"""An account's walks as their GET bodies show them, one keyset page at a time.

For the operator's ``export-walks``: every walk of the account, whoever
walked it, in ``(started_at, id)`` order, each page read in its own short
transaction so a long export holds no transaction open. The views are the
ones the HTTP API presents (and exports as ``json``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from decision_core.errors import NotFound
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.trees.catalogue import TreeVersion
from decision_core.trees.walks import Walk, node_in
from decision_core.usecases.context import Operator, Services
from decision_core.usecases.walks import WalkView

PageKey = tuple[datetime, UUID]
"""Where a page ended: the ``(started_at, id)`` of its last walk."""


@attrs.frozen
class WalkExportPage:
    """One page of views, and the key the next page starts after (``None`` when empty)."""

    views: list[WalkView]
    last: PageKey | None


def count_account_walks(services: Services, operator: Operator, since: datetime | None) -> int:
    """How many walks of the operator's account started at or after ``since``.

    Rules: an unknown account is ``NotFound``.
    """
    with services.uow() as uow:
        _require_account(uow, operator)
        return uow.walks.count_started_since(operator.account_id, since)


def export_account_walks(
    services: Services,
    operator: Operator,
    *,
    since: datetime | None,
    after: PageKey | None,
    limit: int,
) -> WalkExportPage:
    """Up to ``limit`` views of the account's walks after the key ``after``, oldest first.

    Rules: an unknown account is ``NotFound``; walks started before
    ``since`` are left out.
    """
    now = services.clock.now()
    with services.uow() as uow:
        _require_account(uow, operator)
        walks = uow.walks.oldest_first_after(
            operator.account_id, since=since, after=after, limit=limit
        )
        versions: dict[tuple[UUID, int], TreeVersion] = {}
        views = [_view(uow, walk, now, versions) for walk in walks]
    last = (walks[-1].started_at, walks[-1].id) if walks else None
    return WalkExportPage(views=views, last=last)


def _require_account(uow: UnitOfWork, operator: Operator) -> None:
    if uow.accounts.get(operator.account_id) is None:
        msg = f"no account with id {operator.account_id}"
        raise NotFound(msg)


def _view(
    uow: UnitOfWork,
    walk: Walk,
    now: datetime,
    versions: dict[tuple[UUID, int], TreeVersion],
) -> WalkView:
    """The view at ``now``; the walks of a page mostly share a few tree versions, read once each."""
    ref = walk.current.node
    key = (ref.tree_id, ref.version)
    if key not in versions:
        # Versions are never removed, even of deleted trees, so a pinned one is always there.
        version = uow.trees.get_version(ref.tree_id, ref.version)
        if version is None:
            msg = f"tree {ref.tree_id} has no version {ref.version}"
            raise NotFound(msg)
        versions[key] = version
    document = versions[key].document
    return WalkView(walk, node_in(document, ref.node_id), now)
