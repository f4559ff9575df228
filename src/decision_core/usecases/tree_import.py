"""Importing a tree from its JSON export, unless the account has a tree with its title.

One rule for every way in: POST /trees/import answers 409 for a title the
account has, ``import-tree`` and ``seed-demo`` skip it, so running them again
over the same files adds nothing.
"""

from __future__ import annotations

from decision_core.errors import TreeInvalid, TreeTitleExists
from decision_core.roles import Role
from decision_core.trees.catalogue import TreeStatus
from decision_core.trees.document import TreeDocument
from decision_core.trees.parsing import Malformed
from decision_core.trees.portable import read_portable
from decision_core.usecases.context import Caller, Services, act_as
from decision_core.usecases.tree_access import require_title
from decision_core.usecases.tree_authoring import NewTree, TreeWithProblems, add_tree


def import_tree(
    services: Services, caller: Caller, data: object, status: TreeStatus = TreeStatus.DRAFT
) -> TreeWithProblems:
    """Create a tree from a JSON export (:mod:`~decision_core.trees.portable`), a draft by default.

    Rules: engineer or stronger (checked before the export is read); an
    unreadable export is ``TreeInvalid``. If an undeleted tree of the
    account has exactly the export's title (trimmed, as titles are stored),
    nothing is written and ``TreeTitleExists`` names that tree; deleted trees
    do not count. Otherwise the rules and the event of
    :func:`~decision_core.usecases.tree_authoring.create_tree`. The title's
    check and the creation are one transaction, and imports of one title at
    once are serialised, so exactly one of them creates the tree.
    """
    now = services.clock.now()
    with services.uow() as uow:
        actor = act_as(uow, caller, Role.ENGINEER)  # a refusal never depends on the export
        new, document = _read_export(data, status)
        title = require_title(new.title)
        uow.trees.hold_title(actor.account_id, title)
        existing = uow.trees.with_title(actor.account_id, title)
        if existing is not None:
            raise TreeTitleExists(existing.id, title)
        view = add_tree(uow, actor, new, document, now)
        uow.commit()
    return view


def _read_export(data: object, status: TreeStatus) -> tuple[NewTree, TreeDocument]:
    portable = read_portable(data)
    if isinstance(portable, Malformed):
        raise TreeInvalid(portable.problems)
    new = NewTree(
        title=portable.title,
        document=portable.document.to_data(),
        description=portable.description,
        category=portable.category,
        tags=portable.tags,
        status=status,
    )
    return new, portable.document
