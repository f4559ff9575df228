"""``/``: where a signed-in person lands."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from decision_core.trees.catalogue import TreeQuery
from decision_core.usecases import tree_catalogue
from entrypoints.http.injected import InjectedServices
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import page


class HomePages(Controller):
    """The account's trees, newest first."""

    path = "/"
    include_in_schema = False

    @get(sync_to_thread=True)
    def home(self, visitor: SignedIn, services: InjectedServices) -> Template:
        """The trees the visitor may walk."""
        trees = tree_catalogue.list_trees(services, visitor.principal, TreeQuery(limit=50))
        return page(services, visitor, "home.html", trees=trees)
