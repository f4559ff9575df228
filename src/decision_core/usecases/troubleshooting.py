"""Troubleshooting sessions: walking a published tree, and reading the walk back."""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID, uuid4

import attrs

from decision_core.audit import JsonValue
from decision_core.errors import NotFound, TreeNotPublished
from decision_core.identity import User
from decision_core.ports import UnitOfWork
from decision_core.roles import Role, at_least
from decision_core.trees import session_export
from decision_core.trees.catalogue import TreeVersion
from decision_core.trees.session_listing import SessionPage, SessionQuery
from decision_core.trees.walk_operations import Operation, apply_operation, linked_tree
from decision_core.trees.walks import (
    Outcome,
    TroubleshootingSession,
    WalkStatus,
    complete_walk,
    node_in,
    start_walk,
)
from decision_core.usecases.context import Principal, Services, load_actor
from decision_core.usecases.tree_access import newest_version, visible_tree


class SessionScope(enum.Enum):
    """Whose sessions a listing shows: the caller's, or (owner/admin) the account's."""

    MINE = "mine"
    ACCOUNT = "account"


@attrs.frozen
class SessionView:
    """A session and its SPEC 7 body, both read in the transaction that changed it.

    Answering the body from the same transaction saves the HTTP layer a second
    one per walk step, and the body can never describe a later state.
    """

    session: TroubleshootingSession
    body: dict[str, JsonValue]


class SessionExportFormat(enum.Enum):
    """Formats ready to paste into a ticket; ``json`` is the GET body."""

    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"
    JSON = "json"


def start_session(
    services: Services, principal: Principal, tree_id: UUID, ticket_ref: str | None = None
) -> SessionView:
    """Start walking a tree at the start of its newest version. Any member.

    Rules: the tree must be visible (else ``NotFound``) and published (an
    engineer's draft is ``TreeNotPublished``). The session pins that version.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        tree = visible_tree(uow, actor, tree_id)
        if not tree.is_published:
            msg = "only a published tree can be walked"
            raise TreeNotPublished(msg)
        version = newest_version(uow, tree)
        session = start_walk(
            session_id=uuid4(),
            account_id=actor.account_id,
            user_id=actor.id,
            tree=tree,
            version=version,
            ticket_ref=ticket_ref,
            now=now,
        )
        uow.troubleshooting_sessions.add(session)
        uow.commit()
        return SessionView(session, _body(uow, session, now, version))


def get_session(services: Services, principal: Principal, session_id: UUID) -> dict[str, JsonValue]:
    """The SPEC 7 GET body of a session the caller may read (see :func:`_readable`)."""
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        session = _readable(uow, actor, session_id)
        return _body(uow, session, now)


def list_sessions(  # noqa: PLR0913 - the scope, two filters and the page bounds
    services: Services,
    principal: Principal,
    *,
    scope: SessionScope = SessionScope.MINE,
    status: WalkStatus | None = None,
    tree_id: UUID | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SessionPage:
    """A page of the caller's sessions, newest first; owner or admin may ask for the account's.

    ``total`` counts every session matching the filters, not only this page's.
    """
    required = Role.ADMIN if scope is SessionScope.ACCOUNT else Role.VIEWER
    with services.uow() as uow:
        actor = load_actor(uow, principal, required)
        user_id = None if scope is SessionScope.ACCOUNT else actor.id
        query = SessionQuery(
            user_id=user_id, tree_id=tree_id, status=status, limit=limit, offset=offset
        )
        return uow.troubleshooting_sessions.page(actor.account_id, query)


def operate_session(
    services: Services, principal: Principal, session_id: UUID, operation: Operation
) -> SessionView:
    """Apply one operation (answer, continue, back, notes). Only the session's walker.

    Rules: see :mod:`~decision_core.trees.walk_operations`. A link leads to
    the newest version of its tree if that tree is still published and of
    this account, else ``TreeNotPublished``.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        session = _own(uow, actor, session_id)
        here = _version_of_current_step(uow, session)
        target = linked_tree(session, here.document)
        linked = None if target is None else _linkable_version(uow, actor, target)
        session = apply_operation(session, operation, here, now, linked)
        uow.troubleshooting_sessions.save(session)
        uow.commit()
        return SessionView(session, _body(uow, session, now, here, linked))


def complete_session(
    services: Services,
    principal: Principal,
    session_id: UUID,
    outcome: Outcome,
    summary: str | None = None,
) -> SessionView:
    """Complete the walk with an outcome. Only the walker.

    Rules: completing again, like any change after completion, is ``SessionCompleted``.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        session = complete_walk(_own(uow, actor, session_id), outcome, summary, now)
        uow.troubleshooting_sessions.save(session)
        uow.commit()
        return SessionView(session, _body(uow, session, now))


def export_session(
    services: Services, principal: Principal, session_id: UUID, export_format: SessionExportFormat
) -> dict[str, JsonValue] | str:
    """A readable session as Markdown, plain text or HTML text, or as the JSON GET body."""
    now = services.clock.now()
    with services.uow() as uow:
        actor = load_actor(uow, principal, Role.VIEWER)
        session = _readable(uow, actor, session_id)
        if export_format is SessionExportFormat.JSON:
            return _body(uow, session, now)
    renderers = {
        SessionExportFormat.MARKDOWN: session_export.markdown,
        SessionExportFormat.TEXT: session_export.plain_text,
        SessionExportFormat.HTML: session_export.html_document,
    }
    return renderers[export_format](session, now)


def _readable(uow: UnitOfWork, actor: User, session_id: UUID) -> TroubleshootingSession:
    """The walker reads their own sessions; owners and admins every session of the account."""
    session = uow.troubleshooting_sessions.get(session_id)
    if (
        session is None
        or session.account_id != actor.account_id
        or not (session.user_id == actor.id or at_least(actor.role, Role.ADMIN))
    ):
        raise NotFound
    return session


def _own(uow: UnitOfWork, actor: User, session_id: UUID) -> TroubleshootingSession:
    """The caller's own session, locked: every caller of this changes and saves it."""
    session = uow.troubleshooting_sessions.get(session_id, for_update=True)
    if session is None or session.account_id != actor.account_id or session.user_id != actor.id:
        raise NotFound
    return session


def _version_of_current_step(uow: UnitOfWork, session: TroubleshootingSession) -> TreeVersion:
    # Versions are never removed, even of deleted trees, so a pinned one is always there.
    ref = session.current.node
    version = uow.trees.get_version(ref.tree_id, ref.version)
    if version is None:
        raise NotFound
    return version


def _linkable_version(uow: UnitOfWork, actor: User, tree_id: UUID) -> TreeVersion | None:
    tree = uow.trees.get(tree_id)
    if tree is None or tree.account_id != actor.account_id or not tree.is_published:
        return None
    return newest_version(uow, tree)


def _body(
    uow: UnitOfWork,
    session: TroubleshootingSession,
    now: datetime,
    *known: TreeVersion | None,
) -> dict[str, JsonValue]:
    """The GET body; a ``known`` version holding the current node saves reading it again."""
    ref = session.current.node
    here = next(
        (
            v
            for v in known
            if v is not None and (v.tree_id, v.version) == (ref.tree_id, ref.version)
        ),
        None,
    ) or _version_of_current_step(uow, session)
    return session_export.session_body(session, node_in(here.document, ref.node_id), now)
