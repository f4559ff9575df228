"""The web app: server-rendered pages over the same use cases as the API (SPEC 11)."""

from entrypoints.web.config import WebConfig
from entrypoints.web.error_pages import pages_for_page_paths
from entrypoints.web.rendering import template_config
from entrypoints.web.routes import web_router
from entrypoints.web.static_assets import asset_manifest, static_files_router

__all__ = [
    "WebConfig",
    "asset_manifest",
    "pages_for_page_paths",
    "static_files_router",
    "template_config",
    "web_router",
]
