"""The authoring page's small edits (add, remove, move...): which core edit, and what to show after.

The page names a node by its card's key (``authoring_form``). Each edit
answers the changed document with its cards' keys, which cards changed (the
page swaps just those; ``None``: show the whole list), the element that
should have the focus next (so a keyboard user stays where they were working)
and a sentence for the page's live region.

Moving and removing a card happen in the browser without a request; they
come here only from a page without script, which is then shown whole.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Final

import attrs

from decision_core.errors import NotFound
from decision_core.trees import editing
from decision_core.trees.document import NodeKind, TreeDocument


class Edit(enum.Enum):
    """One button of the editor (``refresh``: the kind changed, show the fields of the new one)."""

    ADD_NODE = "add-node"
    REMOVE_NODE = "remove-node"
    MOVE_UP = "move-up"
    MOVE_DOWN = "move-down"
    ADD_ANSWER = "add-answer"
    REMOVE_ANSWER = "remove-answer"
    NEW_TARGET = "new-target"
    REFRESH = "refresh"


@attrs.frozen
class Editing:
    """The document of the form, its cards' keys, and where the edit applies.

    ``node`` is the key of the card edited (``None``: no card, which an edit
    of a node finds ``NotFound``), ``answer`` the position of its answer;
    ``new_kind`` is the kind a new node at the end gets.
    """

    document: TreeDocument
    keys: tuple[int, ...]
    node: int | None = None
    answer: int | None = None
    new_kind: NodeKind = NodeKind.QUESTION

    @property
    def position(self) -> int:
        """Where the card edited is in the document."""
        if self.node not in self.keys:
            msg = f"the form has no node card {self.node}"
            raise NotFound(msg)
        return self.keys.index(self.node)

    def new_key(self) -> int:
        """A key no card of the form has."""
        return max(self.keys, default=-1) + 1


@attrs.frozen
class Edited:
    """The document after an edit, its keys, the cards to show, the focus, what happened."""

    document: TreeDocument
    keys: tuple[int, ...]
    cards: tuple[int, ...] | None
    focus: str
    said: str


def apply_edit(edit: Edit, editing_now: Editing) -> Edited:
    """``edit`` of the form; ``NotFound`` for a card or answer it does not have."""
    return _EDITS[edit](editing_now)


def _add_node(form: Editing) -> Edited:
    changed, added = editing.add_node(form.document, form.new_kind)
    key = form.new_key()
    said = f"Node {changed.nodes[added].id} added."
    return Edited(changed, (*form.keys, key), (added,), f"n{key}-text", said)


def _add_answer(form: Editing) -> Edited:
    position = form.position
    changed, added = editing.add_answer(form.document, position)
    return Edited(changed, form.keys, (position,), f"n{form.node}-a{added}-label", "Answer added.")


def _remove_answer(form: Editing) -> Edited:
    answer = -1 if form.answer is None else form.answer  # no answer named: none to remove
    position = form.position
    changed = editing.remove_answer(form.document, position, answer)
    return Edited(changed, form.keys, (position,), f"n{form.node}-add-answer", "Answer removed.")


def _new_target(form: Editing) -> Edited:
    position = form.position
    changed, added = editing.lead_to_new_node(
        form.document, position, form.answer, NodeKind.QUESTION
    )
    key = form.new_key()
    keys = (*form.keys[:added], key, *form.keys[added:])
    source, new = changed.nodes[position].id, changed.nodes[added].id
    said = f"Node {new} added after {source}; choose its kind."
    return Edited(changed, keys, (position, added), f"n{key}-kind", said)


def _refresh(form: Editing) -> Edited:
    return Edited(form.document, form.keys, (form.position,), f"n{form.node}-kind", "")


def _move_up(form: Editing) -> Edited:
    return _whole(editing.move_node(form.document, form.position, -1)[0], "Node moved up.")


def _move_down(form: Editing) -> Edited:
    return _whole(editing.move_node(form.document, form.position, 1)[0], "Node moved down.")


def _remove_node(form: Editing) -> Edited:
    removed = form.document.nodes[form.position].id
    changed = editing.remove_node(form.document, form.position)
    return _whole(changed, f"Node {removed} removed; nodes that led to it are listed under Checks.")


def _whole(document: TreeDocument, said: str) -> Edited:
    return Edited(document, tuple(range(len(document.nodes))), None, "nodes", said)


_EDITS: Final[dict[Edit, Callable[[Editing], Edited]]] = {
    Edit.ADD_NODE: _add_node,
    Edit.REMOVE_NODE: _remove_node,
    Edit.MOVE_UP: _move_up,
    Edit.MOVE_DOWN: _move_down,
    Edit.ADD_ANSWER: _add_answer,
    Edit.REMOVE_ANSWER: _remove_answer,
    Edit.NEW_TARGET: _new_target,
    Edit.REFRESH: _refresh,
}
