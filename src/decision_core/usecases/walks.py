"""Walks: walking a published tree, and reading the walk back."""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID, uuid4

import attrs

from decision_core.errors import TreeNotPublished
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.trees import walk_export
from decision_core.trees.catalogue import TreeVersion
from decision_core.trees.document import Node
from decision_core.trees.walk_listing import WalkPage, WalkQuery
from decision_core.trees.walk_operations import Operation
from decision_core.trees.walks import (
    Outcome,
    Walk,
    WalkStatus,
    new_walk,
    node_in,
)
from decision_core.usecases.context import Principal, Services, load_actor
from decision_core.usecases.tree_access import newest_version, visible_tree
from decision_core.usecases.walk_access import (
    ACCOUNT_WALKS_ROLE,
    apply_to_own,
    complete_own,
    readable_walk,
    version_of_current_step,
)


class WalkScope(enum.Enum):
    """Whose walks a listing shows: the caller's, or (owner/admin) the account's."""

    MINE = "mine"
    ACCOUNT = "account"


@attrs.frozen
class WalkView:
    """A walk, the node it stands on, and the instant it was read: what its SPEC 7 body shows.

    Read in the transaction that changed the walk: answering from it saves
    the HTTP layer a second one per walk step, and the view can never
    describe a later state. ``read_at`` is where an active walk's duration
    runs to. The entrypoints present it (``entrypoints.presenters``).
    """

    walk: Walk
    current_node: Node
    read_at: datetime


class WalkExportFormat(enum.Enum):
    """Formats ready to paste into a ticket; ``json`` is the GET body."""

    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"
    JSON = "json"


def start_walk(
    services: Services, principal: Principal, tree_id: UUID, ticket_ref: str | None = None
) -> WalkView:
    """Start walking a tree at the start of its newest version. Any member.

    Rules: the tree must be visible (else ``NotFound``) and published (an
    engineer's draft is ``TreeNotPublished``). The walk pins that version.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        tree = visible_tree(uow, actor, tree_id)
        if not tree.is_published:
            msg = "only a published tree can be walked"
            raise TreeNotPublished(msg)
        version = newest_version(uow, tree)
        walk = new_walk(
            walk_id=uuid4(),
            account_id=actor.account_id,
            user_id=actor.id,
            tree=tree,
            version=version,
            ticket_ref=ticket_ref,
            now=now,
        )
        uow.walks.add(walk)
        uow.commit()
        return _view(uow, walk, now, version)


def get_walk(services: Services, principal: Principal, walk_id: UUID) -> WalkView:
    """A walk the caller may read (see ``readable_walk``), as its GET body shows it."""
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        walk = readable_walk(uow, actor, walk_id)
        return _view(uow, walk, now)


def list_walks(  # noqa: PLR0913 - the scope, two filters and the page bounds
    services: Services,
    principal: Principal,
    *,
    scope: WalkScope = WalkScope.MINE,
    status: WalkStatus | None = None,
    tree_id: UUID | None = None,
    limit: int = 50,
    offset: int = 0,
) -> WalkPage:
    """A page of the caller's walks, newest first; owner or admin may ask for the account's.

    ``total`` counts every walk matching the filters, not only this page's.
    """
    required = ACCOUNT_WALKS_ROLE if scope is WalkScope.ACCOUNT else Role.VIEWER
    with services.uow() as uow:
        actor = load_actor(uow, principal, required)
        user_id = None if scope is WalkScope.ACCOUNT else actor.id
        query = WalkQuery(
            user_id=user_id, tree_id=tree_id, status=status, limit=limit, offset=offset
        )
        return uow.walks.page(actor.account_id, query)


def operate_walk(
    services: Services,
    principal: Principal,
    walk_id: UUID,
    operation: Operation,
    *,
    expected_moves: int | None = None,
) -> WalkView:
    """Apply one operation (answer, continue, back, notes). Only its walker.

    Rules: see :func:`~decision_core.usecases.walk_access.apply_to_own`;
    ``expected_moves``, when given, is how often the walk had moved when the
    change was asked for.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        applied = apply_to_own(
            uow, actor, walk_id, operation, now=now, expected_moves=expected_moves
        )
        uow.commit()
        walk = applied.walk
        return _view(uow, walk, now, applied.here, applied.linked)


def complete_walk(  # noqa: PLR0913 - the walk, its outcome and summary, and the moment
    services: Services,
    principal: Principal,
    walk_id: UUID,
    outcome: Outcome,
    summary: str | None = None,
    *,
    expected_moves: int | None = None,
) -> WalkView:
    """Complete the walk with an outcome. Only the walker.

    Rules: see :func:`~decision_core.usecases.walk_access.complete_own`.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        walk = complete_own(
            uow, actor, walk_id, outcome, summary, now=now, expected_moves=expected_moves
        )
        uow.commit()
        return _view(uow, walk, now)


def export_walk(
    services: Services, principal: Principal, walk_id: UUID, export_format: WalkExportFormat
) -> WalkView | str:
    """A readable walk as Markdown, plain text or HTML text; for ``json``, its view.

    The JSON export is the GET body, which the entrypoints present from the view.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        walk = readable_walk(uow, actor, walk_id)
        if export_format is WalkExportFormat.JSON:
            return _view(uow, walk, now)
    renderers = {
        WalkExportFormat.MARKDOWN: walk_export.markdown,
        WalkExportFormat.TEXT: walk_export.plain_text,
        WalkExportFormat.HTML: walk_export.html_document,
    }
    return renderers[export_format](walk, now)


def _view(uow: UnitOfWork, walk: Walk, now: datetime, *known: TreeVersion | None) -> WalkView:
    """The view at ``now``; a ``known`` version holding the current node saves reading it again."""
    here = version_of_current_step(uow, walk, *known)
    return WalkView(walk, node_in(here.document, walk.current.node.node_id), now)
