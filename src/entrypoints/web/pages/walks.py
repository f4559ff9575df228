"""``/walks``: my walks, in progress first, each resumed with one click.

Owners and admins may switch to every walk of the account. Filters by tree
and status; without a status filter the page shows the walks in progress,
then the completed ones, each list cut at a page with a link to the rest.
"""

from __future__ import annotations

from typing import Annotated, Final
from urllib.parse import urlencode
from uuid import UUID

import attrs
from litestar import Router, get
from litestar.params import QueryParameter
from litestar.response import Template

from decision_core.trees.catalogue import TreeQuery
from decision_core.trees.walks import Walk, WalkStatus
from decision_core.usecases import members, tree_catalogue, walks
from decision_core.usecases.context import Services
from decision_core.usecases.walk_access import may_see_account_walks, may_walk
from decision_core.usecases.walks import WalkScope
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import Visitor
from entrypoints.web.forms import whole_number
from entrypoints.web.injected import SignedIn
from entrypoints.web.pages.walk_context import OUTCOME_LABELS
from entrypoints.web.rendering import page

PAGE_SIZE: Final = 25
# Enough trees for the filter of any account this app serves; more would need a search.
FILTER_TREES: Final = 100
SECTION_TITLES: Final = {WalkStatus.ACTIVE: "In progress", WalkStatus.COMPLETED: "Completed"}
WalkFilterText = Annotated[str | None, QueryParameter(required=False, max_length=100)]


@attrs.frozen
class WalkFilters:
    """What the visitor asked to see; anything unreadable in the query means "any"."""

    scope: WalkScope = WalkScope.MINE
    tree_id: UUID | None = None
    status: WalkStatus | None = None
    offset: int = 0

    def href(self) -> str:
        """``/walks`` with these filters."""
        query = {
            "scope": self.scope.value if self.scope is WalkScope.ACCOUNT else None,
            "tree": self.tree_id,
            "status": None if self.status is None else self.status.value,
            "offset": self.offset or None,
        }
        given = {key: str(value) for key, value in query.items() if value is not None}
        return "/walks" + (f"?{urlencode(given)}" if given else "")


@attrs.frozen
class WalkSection:
    """One list of the page: walks of one status, and links to its other pages."""

    title: str
    status: WalkStatus
    walks: tuple[Walk, ...]
    total: int
    newer_href: str | None
    older_href: str | None


def walks_pages(threads: HandlerThreads) -> Router:
    """The list of walks."""

    @get(sync_to_thread=threads.database_work)
    def walks_page(  # noqa: PLR0913 - one argument per query parameter
        *,
        visitor: SignedIn,
        services: InjectedServices,
        whose: Annotated[
            str | None, QueryParameter(name="scope", required=False, max_length=20)
        ] = None,
        tree: WalkFilterText = None,
        status: WalkFilterText = None,
        offset: WalkFilterText = None,
    ) -> Template:
        """My walks (or the account's), in progress first."""
        filters = _filters(whose, tree, status, offset)
        statuses = [filters.status] if filters.status else list(SECTION_TITLES)
        sections = [_section(services, visitor, filters, chosen) for chosen in statuses]
        everyone = filters.scope is WalkScope.ACCOUNT
        names = (
            {person.id: person.name for person in members.list_members(services, visitor.principal)}
            if everyone
            else {}
        )
        query = TreeQuery(limit=FILTER_TREES)
        trees = tree_catalogue.list_trees(services, visitor.principal, query).items
        return page(
            services,
            visitor,
            "walks/walks.html",
            filters=filters,
            sections=sections,
            names=names,
            everyone=everyone,
            may_see_everyone=may_see_account_walks(visitor.principal.role),
            trees=sorted(trees, key=lambda found: found.title.casefold()),
            statuses=list(SECTION_TITLES.items()),
            outcome_labels=OUTCOME_LABELS,
            mine_href=attrs.evolve(filters, scope=WalkScope.MINE, offset=0).href(),
            everyone_href=attrs.evolve(filters, scope=WalkScope.ACCOUNT, offset=0).href(),
            unfiltered_href=WalkFilters(scope=filters.scope).href(),
            may_resume=lambda walk: may_walk(walk, visitor.principal.user_id),
        )

    return Router(
        path="/walks",
        include_in_schema=False,
        route_handlers=[walks_page],
    )


def _filters(
    whose: str | None, tree: str | None, status: str | None, offset: str | None
) -> WalkFilters:
    try:
        tree_id = UUID(tree) if tree else None
    except ValueError:
        tree_id = None
    statuses = {chosen.value: chosen for chosen in WalkStatus}
    return WalkFilters(
        scope=WalkScope.ACCOUNT if whose == WalkScope.ACCOUNT.value else WalkScope.MINE,
        tree_id=tree_id,
        status=statuses.get(status or ""),
        offset=max(0, whole_number(offset or "") or 0),
    )


def _section(
    services: Services, visitor: Visitor, filters: WalkFilters, status: WalkStatus
) -> WalkSection:
    """One status's page: the filter's offset when the page shows only it, else its first."""
    offset = filters.offset if filters.status is status else 0
    found = walks.list_walks(
        services,
        visitor.principal,
        scope=filters.scope,
        status=status,
        tree_id=filters.tree_id,
        limit=PAGE_SIZE,
        offset=offset,
    )
    more = offset + PAGE_SIZE < found.total
    return WalkSection(
        title=SECTION_TITLES[status],
        status=status,
        walks=found.items,
        total=found.total,
        newer_href=_page_href(filters, status, max(0, offset - PAGE_SIZE)) if offset else None,
        older_href=_page_href(filters, status, offset + PAGE_SIZE) if more else None,
    )


def _page_href(filters: WalkFilters, status: WalkStatus, offset: int) -> str:
    return attrs.evolve(filters, status=status, offset=offset).href()
