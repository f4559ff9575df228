"""Authoring decision trees: create, change and (softly) delete them; tree_import imports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from uuid import UUID, uuid4

import attrs

from decision_core import audit
from decision_core.errors import TreeChangedMeanwhile
from decision_core.json_value import JsonValue
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.roles import Role
from decision_core.trees.catalogue import (
    Tree,
    TreeStatus,
    TreeVersion,
    clean_category,
    clean_tags,
)
from decision_core.trees.document import TreeDocument
from decision_core.trees.problems import Problem
from decision_core.usecases.context import Actor, Caller, Services, act_as
from decision_core.usecases.tree_access import (
    document_problems,
    newest_version,
    read_document,
    refuse_errors,
    require_title,
    visible_tree,
)


@attrs.frozen
class TreeView:
    """A tree with the document of its newest version."""

    tree: Tree
    version: TreeVersion


@attrs.frozen
class TreeWithProblems(TreeView):
    """A tree view with every problem of its document: what each save answers.

    ``problems`` are validation's errors and warnings, links checked as they
    stand now, so an author sees what to fix before publishing.
    """

    problems: tuple[Problem, ...]


@attrs.frozen
class NewTree:
    """What a new tree starts with; ``document`` is plain JSON data, not yet read."""

    title: str
    document: object
    description: str = ""
    category: str | None = None
    tags: tuple[str, ...] = ()
    status: TreeStatus = TreeStatus.DRAFT


@attrs.frozen
class TreeChange:
    """A partial update: ``None`` keeps a field (a blank category clears it).

    ``expected_version`` is the version the change was made from, when the
    author must not replace a version they have not seen; ``None`` changes
    whatever is newest.
    """

    title: str | None = None
    description: str | None = None
    category: str | None = None
    tags: tuple[str, ...] | None = None
    status: TreeStatus | None = None
    document: object | None = None
    expected_version: int | None = None


def create_tree(services: Services, caller: Caller, new: NewTree) -> TreeWithProblems:
    """Create a tree at version 1. Engineer or stronger.

    Rules: the title must not be blank and the document must be readable
    (``TreeInvalid`` otherwise); a draft may have validation errors, a
    published tree may not (``TreeInvalid`` with every problem). Writes
    ``tree.created``.
    """
    now = services.clock.now()
    document = read_document(new.document)
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ENGINEER)
        view = add_tree(uow, actor, new, document, now)
        uow.commit()
    return view


def add_tree(
    uow: UnitOfWork, actor: Actor, new: NewTree, document: TreeDocument, now: datetime
) -> TreeWithProblems:
    """Store ``new`` (its data read as ``document``) in ``uow``'s transaction; no commit.

    The rules and the event of :func:`create_tree`, whose caller is ``actor``.
    """
    tree = Tree(
        id=uuid4(),
        account_id=actor.account_id,
        title=require_title(new.title),
        description=new.description,
        category=clean_category(new.category),
        tags=clean_tags(new.tags),
        status=new.status,
        version=1,
        created_by=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    problems = document_problems(uow, actor.account_id, tree.id, document)
    if tree.status is TreeStatus.PUBLISHED:
        refuse_errors(problems)
    version = TreeVersion(tree.id, 1, document, now, actor.user_id)
    uow.trees.add(tree)
    uow.trees.add_version(version)
    details = {"title": tree.title, "status": tree.status.value, "version": 1}
    _audit(uow, actor, audit.TREE_CREATED, tree, details)
    return TreeWithProblems(tree, version, problems)


def update_tree(
    services: Services, caller: Caller, tree_id: UUID, change: TreeChange
) -> TreeWithProblems:
    """Change a tree. Engineer or stronger; another account's tree is ``NotFound``.

    Rules: a field left out keeps its value; a document that differs from the
    newest one becomes a new version (metadata alone never does). A tree that
    is or becomes published must have an error-free document after the
    change, else ``TreeInvalid``. A change made from another version than
    the newest (``expected_version``) is ``TreeChangedMeanwhile``. A change
    to nothing writes nothing; any other writes one ``tree.updated`` event
    naming the changed fields.
    """
    now = services.clock.now()
    document = None if change.document is None else read_document(change.document)
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ENGINEER)
        tree = visible_tree(uow, actor, tree_id, for_update=True)
        if change.expected_version not in {None, tree.version}:
            raise TreeChangedMeanwhile(tree.version)
        current = newest_version(uow, tree)
        changed = attrs.evolve(
            tree,
            title=tree.title if change.title is None else require_title(change.title),
            description=tree.description if change.description is None else change.description,
            category=tree.category if change.category is None else clean_category(change.category),
            tags=tree.tags if change.tags is None else clean_tags(change.tags),
            status=tree.status if change.status is None else change.status,
        )
        fields = [
            f.name for f in attrs.fields(Tree) if getattr(tree, f.name) != getattr(changed, f.name)
        ]
        if document is not None and document != current.document:
            current = TreeVersion(tree.id, tree.version + 1, document, now, actor.user_id)
            fields.append("document")
        problems = document_problems(uow, actor.account_id, tree.id, current.document)
        if not fields:
            return TreeWithProblems(tree, current, problems)
        if changed.status is TreeStatus.PUBLISHED and ({"status", "document"} & set(fields)):
            refuse_errors(problems)
        if "document" in fields:
            uow.trees.add_version(current)
        changed = attrs.evolve(changed, version=current.version, updated_at=now)
        uow.trees.save(changed)
        changes: list[JsonValue] = list(fields)
        details: dict[str, JsonValue] = {"changes": changes, "version": current.version}
        _audit(uow, actor, audit.TREE_UPDATED, changed, details)
        uow.commit()
    return TreeWithProblems(changed, current, problems)


def delete_tree(services: Services, caller: Caller, tree_id: UUID) -> None:
    """Soft-delete a tree. Admin or stronger.

    Rules: the tree and its versions stay stored, so sessions that walked it
    stay readable; it leaves every listing and search and can no longer be
    walked or linked to. Deleting it again is ``NotFound``. Writes ``tree.deleted``.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ADMIN)
        tree = visible_tree(uow, actor, tree_id, for_update=True)
        uow.trees.save(attrs.evolve(tree, deleted_at=now, updated_at=now))
        _audit(
            uow,
            actor,
            audit.TREE_DELETED,
            attrs.evolve(tree, updated_at=now),
            {"title": tree.title},
        )
        uow.commit()


def _audit(
    uow: UnitOfWork, actor: Actor, action: str, tree: Tree, details: Mapping[str, JsonValue]
) -> None:
    uow.audit.append(
        audit.audit_event(
            at=tree.updated_at,  # the change's instant: every caller stamps it there
            account_id=actor.account_id,
            user_id=actor.user_id,
            action=action,
            resource_type="tree",
            resource_id=tree.id,
            details=actor.audit_details(details),
        )
    )
