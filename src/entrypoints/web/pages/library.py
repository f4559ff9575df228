"""``/``: the tree library. Filters, search as you type, and the demo trees for a new account."""

from __future__ import annotations

from typing import Annotated, Any, Final
from urllib.parse import urlencode

import attrs
from litestar import Router, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from decision_core.trees.catalogue import TreeQuery, TreeStatus
from decision_core.usecases import my_account, tree_catalogue, tree_library
from decision_core.usecases.context import Services
from entrypoints.demo import seed_demo
from entrypoints.http.caller import AnyRequest
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.http.paging import MAX_OFFSET
from entrypoints.web.browser_session import Visitor, is_htmx
from entrypoints.web.forms import whole_number
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import fragment, page

PAGE_SIZE: Final = 24
RESULTS_ID: Final = "library-results"
# Notices a redirect asks for by key: fixed texts, so a link cannot make the page say anything.
NOTICES: Final = {
    "deleted": "The tree was deleted. Walks of it stay readable in their history.",
    "demo": "The demo trees were imported. Pick one and press Start.",
    "demo-present": "Every demo tree is here already.",
}
# Query text is read leniently (a bad value is ignored), never answered with an error page.
LibraryQueryText = Annotated[str | None, QueryParameter(required=False)]


@attrs.frozen
class LibraryFilters:
    """What the visitor asked the library for; blank fields ask for nothing."""

    text: str
    category: str | None
    tag: str | None
    status: TreeStatus | None
    offset: int

    @property
    def narrowed(self) -> bool:
        """Whether anything narrows the list (else an empty list means an empty account)."""
        return bool(self.text or self.category or self.tag or self.status)

    def query(self) -> TreeQuery:
        """The listing's query, one page from ``offset``."""
        return TreeQuery(
            category=self.category,
            tag=self.tag,
            status=self.status,
            limit=PAGE_SIZE,
            offset=self.offset,
        )

    def link(self, **changes: object) -> str:
        """The library's address with these filters, changed as given (``None`` drops one)."""
        fields = {
            "q": self.text,
            "category": self.category,
            "tag": self.tag,
            "status": None if self.status is None else self.status.value,
            "offset": self.offset or None,
            **changes,
        }
        kept = {name: str(value) for name, value in fields.items() if value}
        return "/?" + urlencode(kept) if kept else "/"


def read_filters(
    q: str | None, category: str | None, tag: str | None, status: str | None, offset: str | None
) -> LibraryFilters:
    """The filters from the query string; an unknown status or a bad offset is ignored.

    An offset past what the databases hold is read as the largest they do.
    """
    statuses = {s.value: s for s in TreeStatus}
    start = whole_number(offset or "")
    return LibraryFilters(
        text=(q or "").strip(),
        category=(category or "").strip() or None,
        tag=(tag or "").strip() or None,
        status=statuses.get(status or ""),
        offset=min(start, MAX_OFFSET) if start is not None and start > 0 else 0,
    )


def library_pages(threads: HandlerThreads) -> Router:
    """The trees the visitor may walk, found by category, tag or words."""

    @get(sync_to_thread=threads.database_work)
    def library(  # noqa: PLR0913 - one argument per query parameter
        *,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
        q: LibraryQueryText = None,
        category: LibraryQueryText = None,
        tag: LibraryQueryText = None,
        status: LibraryQueryText = None,
        offset: LibraryQueryText = None,
        notice: LibraryQueryText = None,
    ) -> Template:
        """The whole page, or (for the search box's htmx request) the results alone."""
        filters = read_filters(q, category, tag, status, offset)
        results = _results(services, visitor, filters)
        if is_htmx(request) and request.headers.get("hx-target") == RESULTS_ID:
            # Only an empty account's results name the account (how to begin): read it then only.
            empty = results["total"] == 0 and not filters.narrowed
            me = my_account.me(services, visitor.principal) if empty else None
            return fragment(services, "library/_results.html", partial=True, me=me, **results)
        return page(
            services,
            visitor,
            "library/index.html",
            partial=False,
            categories=tree_catalogue.tree_categories(services, visitor.principal),
            notice=NOTICES.get(notice or ""),
            **results,
        )

    @post("/trees/demo", sync_to_thread=threads.database_work)
    def import_demo_trees(visitor: SignedIn, services: InjectedServices) -> Redirect:
        """Import the demo trees the account lacks, as ``seed-demo`` does; back to the library."""
        seeded = seed_demo(services, visitor.principal)
        return Redirect(
            f"/?notice={'demo' if seeded else 'demo-present'}", status_code=HTTP_303_SEE_OTHER
        )

    return Router(
        path="/",
        include_in_schema=False,
        route_handlers=[library, import_demo_trees],
    )


def _results(services: Services, visitor: Visitor, filters: LibraryFilters) -> dict[str, Any]:
    """What the results part shows: trees (with snippets when searching) and how many."""
    principal = visitor.principal
    if filters.text:
        hits = tree_library.search_library(
            services, principal, filters.text, filters.query(), PAGE_SIZE
        )
        return {
            "filters": filters,
            "entries": [(hit.tree, hit.snippet) for hit in hits],
            "total": len(hits),
            "more": None,
        }
    found = tree_catalogue.list_trees(services, principal, filters.query())
    shown_until = filters.offset + len(found.items)
    return {
        "filters": filters,
        "entries": [(tree, None) for tree in found.items],
        "total": found.total,
        "more": filters.link(offset=shown_until) if shown_until < found.total else None,
    }
