"""``/trees/{id}``: one tree's page, starting a walk, exports, deleting, and its analytics."""

from __future__ import annotations

import json
import re
from typing import Final
from uuid import UUID

from litestar import Response, Router, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from decision_core.usecases import tree_authoring, tree_catalogue, tree_library, walks
from decision_core.usecases.tree_catalogue import TreeExportFormat
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.analytics_chart import chart
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import page
from entrypoints.web.tree_diagram import diagram
from entrypoints.web.tree_layers import steps_in_reading_order

VERSIONS_SHOWN: Final = 10
# Each export: its file extension and media type.
EXPORTS: Final = {
    TreeExportFormat.JSON: ("json", "application/json"),
    TreeExportFormat.MERMAID: ("mmd", "text/plain; charset=utf-8"),
    TreeExportFormat.DOT: ("dot", "text/vnd.graphviz; charset=utf-8"),
}
_NOT_A_NAME: Final = re.compile(r"[^a-z0-9]+")


def tree_pages(threads: HandlerThreads) -> Router:
    """A tree as its readers, walkers, authors and admins use it."""

    @get("/{tree_id:uuid}", sync_to_thread=threads.database_work)
    def tree_page(
        tree_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Description, versions, the diagram, and what the visitor may do with the tree."""
        overview = tree_library.tree_overview(
            services, visitor.principal, tree_id, versions_shown=VERSIONS_SHOWN
        )
        return page(
            services,
            visitor,
            "trees/tree.html",
            overview=overview,
            tree=overview.tree,
            diagram=diagram(overview.version.document),
            steps=steps_in_reading_order(overview.version.document),
        )

    @post("/{tree_id:uuid}/start", sync_to_thread=threads.database_work)
    def new_walk(
        tree_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices
    ) -> Redirect:
        """Start walking the tree's newest version, and go to the walk."""
        started = walks.start_walk(services, visitor.principal, tree_id)
        return Redirect(f"/walks/{started.walk.id}", status_code=HTTP_303_SEE_OTHER)

    @get("/{tree_id:uuid}/export/{export_format:str}", sync_to_thread=threads.database_work)
    def export(
        tree_id: FromPath[UUID],
        export_format: FromPath[str],
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[str]:
        """The newest version as a file to download: JSON to import again, Mermaid or DOT."""
        try:
            chosen = TreeExportFormat(export_format)
        except ValueError:
            raise NotFoundException from None
        tree = tree_catalogue.get_tree(services, visitor.principal, tree_id).tree
        exported = tree_catalogue.export_tree(services, visitor.principal, tree_id, chosen)
        text = exported if isinstance(exported, str) else json.dumps(exported, indent=2) + "\n"
        extension, media_type = EXPORTS[chosen]
        return Response(
            text,
            media_type=media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{file_name(tree.title)}.{extension}"'
            },
        )

    @post("/{tree_id:uuid}/delete", sync_to_thread=threads.database_work)
    def delete(tree_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices) -> Redirect:
        """Delete the tree (admin or stronger), then back to the library, saying so."""
        tree_authoring.delete_tree(services, visitor.principal, tree_id)
        return Redirect("/?notice=deleted", status_code=HTTP_303_SEE_OTHER)

    @get("/{tree_id:uuid}/analytics", sync_to_thread=threads.database_work)
    def analytics(
        tree_id: FromPath[UUID], visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """How walks of the tree went, and where walkers stop. Engineer or stronger."""
        found = tree_catalogue.get_tree_analytics(services, visitor.principal, tree_id)
        view = tree_catalogue.get_tree(services, visitor.principal, tree_id)
        return page(
            services,
            visitor,
            "trees/analytics.html",
            tree=view.tree,
            analytics=found,
            chart=chart(found, view.version.document),
        )

    return Router(
        path="/trees",
        include_in_schema=False,
        route_handlers=[tree_page, new_walk, export, delete, analytics],
    )


def file_name(title: str) -> str:
    """A download's name from a tree's title: lower-case ASCII words joined by hyphens."""
    words = _NOT_A_NAME.sub("-", title.casefold()).strip("-")
    return words[:60].rstrip("-") or "tree"
