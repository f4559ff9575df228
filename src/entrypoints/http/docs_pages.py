"""The API's documentation pages, Swagger UI and ReDoc, with their scripts served from here.

The assets are vendored in ``static/`` (see its README for versions and
checksums) and served under ``/api/docs/assets`` with long-lived caching, so
the pages work without a network beyond this server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from litestar import MediaType, Request, Response, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import OpenAPIRenderPlugin, RedocRenderPlugin, SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

DOCS_PATH: Final = "/api/docs"
REDOC_PATH: Final = "/api/redoc"
ASSETS_PATH: Final = f"{DOCS_PATH}/assets"
STATIC_DIRECTORY: Final = Path(__file__).parent / "static"
# The files never change under one name; a new version changes the README and these paths.
_A_YEAR: Final = 365 * 24 * 3600
_FAVICON: Final = (
    f"<link rel='icon' type='image/png' href='{ASSETS_PATH}/swagger-ui/favicon-32x32.png'>"
)


def render_plugins() -> list[OpenAPIRenderPlugin]:
    """Swagger UI at ``/api/docs`` (and ``/api/docs/swagger``) and ReDoc, on local assets."""
    swagger = SwaggerRenderPlugin(
        js_url=f"{ASSETS_PATH}/swagger-ui/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui/swagger-ui-standalone-preset.js",
        favicon=_FAVICON,
    )
    return [swagger, redoc_plugin()]


def redoc_plugin() -> RedocRenderPlugin:
    """ReDoc on its vendored bundle, without Google's fonts."""
    return RedocRenderPlugin(
        js_url=f"{ASSETS_PATH}/redoc/redoc.standalone.js", google_fonts=False, favicon=_FAVICON
    )


def assets_router() -> Router:
    """The vendored files, cached by browsers for a year."""
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[STATIC_DIRECTORY],
        cache_control=CacheControlHeader(max_age=_A_YEAR, public=True),
        include_in_schema=False,
        name="docs-assets",
    )


@get(REDOC_PATH, include_in_schema=False, sync_to_thread=False)
def redoc_page(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The ReDoc page the README promised, beside Swagger UI's ``/api/docs``."""
    schema = request.app.openapi_schema.to_schema()
    page = redoc_plugin().render(request, schema)
    return Response(content=page, media_type=MediaType.HTML)
