"""``OPTIONS`` answers that list every method of their path.

Litestar adds an ``OPTIONS`` handler to a path when the path's first handler
is registered, and that handler's ``Allow`` lists the methods known *then*;
handlers registered later on the same path (``PATCH`` after ``GET``) were
missing from it. Once the app is built, each such handler is given the
path's final list.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, MediaType, Response
from litestar.routes import HTTPRoute
from litestar.status_codes import HTTP_204_NO_CONTENT
from litestar.types import Scope

_OPTIONS = "OPTIONS"


def answer_options_with_every_method(app: Litestar) -> None:
    """Make each automatic ``OPTIONS`` handler of ``app`` allow all of its path's methods."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        allow = ", ".join(sorted(route.methods))
        for handler in route.route_handlers:
            if handler.http_methods == {_OPTIONS} and not handler.include_in_schema:
                handler._fn = _options_answer(allow)  # noqa: SLF001 - Litestar has no public setter


def _options_answer(allow: str) -> Any:  # noqa: ANN401 - a handler function, as Litestar calls it
    def options_handler(scope: Scope) -> Response[None]:  # noqa: ARG001 - Litestar passes it
        return Response(
            content=None,
            status_code=HTTP_204_NO_CONTENT,
            headers={"Allow": allow},
            media_type=MediaType.TEXT,
        )

    return options_handler
