"""``/walks/{id}/export/{format}``: a walk as a file to attach to a ticket.

The content is the export use case's, unchanged, but for HTML: the core gives
a fragment to paste into a ticket, and a downloaded file opens in a browser
best as a document that says its character set and title.
"""

from __future__ import annotations

import html
import json
import re
from typing import Final
from uuid import UUID

from litestar import Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from decision_core.trees.walks import Walk
from decision_core.usecases import walk_page, walks
from decision_core.usecases.walks import WalkExportFormat, WalkView
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.presenters import walk_body
from entrypoints.web.injected import SignedIn

# format in the URL -> (the export's format, media type, file extension)
_FILES: Final = {
    "html": (WalkExportFormat.HTML, "text/html", "html"),
    "text": (WalkExportFormat.TEXT, "text/plain", "txt"),
    "json": (WalkExportFormat.JSON, "application/json", "json"),
}
# What a file name may keep of a ticket reference: letters, digits, dot, dash, underscore.
_UNSAFE_IN_NAME: Final = re.compile(r"[^A-Za-z0-9._-]+")


def walk_export_pages(threads: HandlerThreads) -> Router:
    """Downloads of a walk the visitor may read."""

    @get("/{file_format:str}", sync_to_thread=threads.database_work)
    def download(
        walk_id: FromPath[UUID],
        file_format: FromPath[str],
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Response[str]:
        """The walk as an attachment named after its ticket (or its id) and format."""
        if file_format not in _FILES:
            raise NotFoundException
        export_format, media_type, extension = _FILES[file_format]
        walk = walk_page.show_walk(services, visitor.principal, walk_id).walk
        exported = walks.export_walk(services, visitor.principal, walk_id, export_format)
        if isinstance(exported, WalkView):
            content = json.dumps(walk_body(exported), indent=2, ensure_ascii=False) + "\n"
        elif export_format is WalkExportFormat.HTML:
            content = _document(walk.tree_title, exported)
        else:
            content = exported
        return Response(
            content,
            media_type=media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{_file_name(walk, extension)}"'
            },
        )

    return Router(
        path="/walks/{walk_id:uuid}/export",
        include_in_schema=False,
        route_handlers=[download],
    )


def _file_name(walk: Walk, extension: str) -> str:
    """``walk-<ticket>.<ext>``, or ``walk-<start of the id>.<ext>`` without a ticket reference."""
    ticket = _UNSAFE_IN_NAME.sub("-", walk.ticket_ref or "").strip(".-_")[:60]
    return f"walk-{ticket or str(walk.id)[:8]}.{extension}"


def _document(tree_title: str, fragment: str) -> str:
    """The export's fragment (escaped by the core) as a document of its own."""
    title = html.escape(f"Troubleshooting: {tree_title}")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{fragment}</body>\n</html>\n"
    )
