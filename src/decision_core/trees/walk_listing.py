"""What a listing of walks asks for, and the page it answers with."""

from __future__ import annotations

from uuid import UUID

import attrs

from decision_core.trees.walks import Walk, WalkStatus


@attrs.frozen
class WalkQuery:
    """A filtered page of an account's walks; a filter left ``None`` matches every walk."""

    user_id: UUID | None = None
    tree_id: UUID | None = None
    status: WalkStatus | None = None
    limit: int = 50
    offset: int = 0


@attrs.frozen
class WalkPage:
    """The matching walks of one page, newest first, and how many match in all.

    Newest first means by ``(started_at, id)`` descending: the id breaks ties
    between walks started at the same instant, so pages never overlap or skip.
    """

    items: tuple[Walk, ...]
    total: int
