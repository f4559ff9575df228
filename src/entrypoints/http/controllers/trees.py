"""Decision trees (SPEC 6): the catalogue, authoring, exports and analytics."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Response, Router, delete, get, post, put
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from litestar.params import Body, FromPath, FromQuery, JSONBody, QueryParameter

from decision_core.trees.catalogue import TreeQuery, TreeStatus
from decision_core.usecases import tree_authoring, tree_catalogue, tree_import
from decision_core.usecases.tree_catalogue import TreeExportFormat
from entrypoints.http.export_media import TREE_EXPORT_MEDIA_TYPES, media_types_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import TITLE_TAKEN, errors
from entrypoints.http.openapi_examples import TREE_EXPORT
from entrypoints.http.openapi_links import A_CREATED_TREE
from entrypoints.http.openapi_operations import answers_in, linked_to
from entrypoints.http.openapi_security import NEEDS_ACCESS_TOKEN
from entrypoints.http.paging import DEFAULT_LIMIT, PageLimit, PageOffset
from entrypoints.http.schemas.documented import TREE_EXPORT_SCHEMA
from entrypoints.http.schemas.trees import (
    CategoryBody,
    NewTreeRequest,
    SearchResultBody,
    TreeAnalyticsBody,
    TreeBody,
    TreeChangeRequest,
    TreePageBody,
    TreeVersionPageBody,
    category_body,
    search_result_body,
    tree_analytics_body,
    tree_body,
    tree_page_body,
    tree_version_page_body,
)


def _reading(threads: HandlerThreads) -> list[HTTPRouteHandler]:
    """Reading the account's trees: lists, search, a tree, its versions, export, analytics."""

    @get(sync_to_thread=threads.database_work, responses=errors(400, 401), summary="List trees")
    def list_trees(  # noqa: PLR0913 - one argument per query parameter
        *,
        principal: InjectedPrincipal,
        services: InjectedServices,
        category: FromQuery[str | None] = None,
        tag: FromQuery[str | None] = None,
        status: FromQuery[TreeStatus | None] = None,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
    ) -> TreePageBody:
        """A page of trees; viewers see published trees only."""
        query = TreeQuery(category=category, tag=tag, status=status, limit=limit, offset=offset)
        return tree_page_body(tree_catalogue.list_trees(services, principal, query))

    @get(
        "/categories",
        sync_to_thread=threads.database_work,
        responses=errors(401),
        summary="List categories",
    )
    def categories(principal: InjectedPrincipal, services: InjectedServices) -> list[CategoryBody]:
        """The categories of the visible trees, with counts."""
        return [category_body(c) for c in tree_catalogue.tree_categories(services, principal)]

    @get(
        "/search",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401),
        summary="Search trees",
    )
    def search(
        principal: InjectedPrincipal,
        services: InjectedServices,
        q: FromQuery[str],
        limit: PageLimit = DEFAULT_LIMIT,
    ) -> SearchResultBody:
        """Visible trees matching ``q`` over title, description, tags and node text."""
        return search_result_body(tree_catalogue.search_trees(services, principal, q, limit))

    @get(
        "/{tree_id:uuid}",
        sync_to_thread=threads.database_work,
        responses=errors(401, 404),
        summary="Read a tree",
    )
    def get_tree(
        tree_id: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> TreeBody:
        """A tree with its newest document."""
        return tree_body(tree_catalogue.get_tree(services, principal, tree_id))

    @get(
        "/{tree_id:uuid}/versions",
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 404),
        summary="List a tree's versions",
    )
    def versions(
        *,
        tree_id: FromPath[UUID],
        principal: InjectedPrincipal,
        services: InjectedServices,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
    ) -> TreeVersionPageBody:
        """A page of a tree's versions, oldest first, and how many it has."""
        found = tree_catalogue.list_tree_versions(
            services, principal, tree_id, limit=limit, offset=offset
        )
        return tree_version_page_body(found)

    @get(
        "/{tree_id:uuid}/export",
        sync_to_thread=True,  # a document to render: CPU beyond the database
        opt=answers_in(*media_types_of(TREE_EXPORT_MEDIA_TYPES)),
        responses=errors(400, 401, 404),
        summary="Export a tree",
    )
    def export_tree(
        tree_id: FromPath[UUID],
        principal: InjectedPrincipal,
        services: InjectedServices,
        export_format: Annotated[TreeExportFormat, QueryParameter(name="format")] = (
            TreeExportFormat.JSON
        ),
    ) -> Response[Any]:
        """The newest version as re-importable JSON, or a Mermaid or DOT diagram."""
        exported = tree_catalogue.export_tree(services, principal, tree_id, export_format)
        return Response(content=exported, media_type=TREE_EXPORT_MEDIA_TYPES[export_format])

    @get(
        "/{tree_id:uuid}/analytics",
        sync_to_thread=threads.database_work,
        responses=errors(401, 403, 404),
        summary="Read a tree's analytics",
    )
    def analytics(
        tree_id: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> TreeAnalyticsBody:
        """How the account's walks of a tree went. Engineer or stronger."""
        found = tree_catalogue.get_tree_analytics(services, principal, tree_id)
        return tree_analytics_body(found)

    return [list_trees, categories, search, get_tree, versions, export_tree, analytics]


def _authoring(threads: HandlerThreads) -> list[HTTPRouteHandler]:
    """Writing them: creating, changing, deleting and importing trees."""

    @post(
        sync_to_thread=True,  # a document to validate: CPU beyond the database
        opt=linked_to(A_CREATED_TREE),
        responses=errors(400, 401, 403, 422),
        summary="Create a tree",
    )
    def create_tree(
        data: JSONBody[NewTreeRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> TreeBody:
        """Create a tree; engineer or stronger. Publishing needs a document without errors."""
        return tree_body(tree_authoring.create_tree(services, principal, data.to_core()))

    @put(
        "/{tree_id:uuid}",
        sync_to_thread=True,  # a document to validate: CPU beyond the database
        responses=errors(400, 401, 403, 404, 422),
        summary="Change a tree",
    )
    def update_tree(
        tree_id: FromPath[UUID],
        data: JSONBody[TreeChangeRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> TreeBody:
        """Change a tree; a new document makes a new version. Engineer or stronger."""
        view = tree_authoring.update_tree(services, principal, tree_id, data.to_core())
        return tree_body(view)

    @delete(
        "/{tree_id:uuid}",
        sync_to_thread=threads.database_work,
        responses=errors(401, 403, 404),
        summary="Delete a tree",
    )
    def delete_tree(
        tree_id: FromPath[UUID], principal: InjectedPrincipal, services: InjectedServices
    ) -> None:
        """Soft-delete a tree; admin or stronger. Its history stays readable."""
        tree_authoring.delete_tree(services, principal, tree_id)

    @post(
        "/import",
        sync_to_thread=True,  # a document to validate: CPU beyond the database
        opt=linked_to(A_CREATED_TREE),
        responses=errors(400, 401, 403, 422) | {409: TITLE_TAKEN},
        summary="Import a tree",
    )
    def import_tree(
        data: Annotated[
            dict[str, Any],
            Body(
                media_type=RequestEncodingType.JSON,
                schema_extra=TREE_EXPORT_SCHEMA | {"examples": [TREE_EXPORT]},
            ),
        ],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> TreeBody:
        """Create a draft tree from a JSON export. Engineer or stronger.

        409 ``tree_title_exists`` with the ``tree_id`` of the account's tree of
        that title, if it has one: nothing is created.
        """
        return tree_body(tree_import.import_tree(services, principal, data))

    return [create_tree, update_tree, delete_tree, import_tree]


def tree_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/trees``: the caller's account's decision trees."""
    return Router(
        path="/api/v1/trees",
        tags=["trees"],
        security=NEEDS_ACCESS_TOKEN,
        route_handlers=[*_reading(threads), *_authoring(threads)],
    )
