"""Pages and fragments: the Jinja2 environment and the context every signed-in page shares."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import attrs
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template import TemplateConfig

from decision_core.roles import Role, at_least
from decision_core.trees.walk_export import duration_text
from decision_core.usecases import my_account, tree_library
from decision_core.usecases.context import Services
from entrypoints.web import analytics_chart, presenting
from entrypoints.web.browser_session import Visitor
from entrypoints.web.highlighting import highlighted
from entrypoints.web.static_assets import Asset

TEMPLATE_DIRECTORY: Final = Path(__file__).parent / "templates"


@attrs.frozen
class NavLink:
    """One entry of the main navigation."""

    href: str
    label: str


def navigation_for(role: Role) -> list[NavLink]:
    """The sections a role may open, weakest first; the pages themselves still check."""
    links = [NavLink("/", "Trees"), NavLink("/walks", "Walks")]
    if tree_library.tree_actions(role).may_author:
        links.append(NavLink("/trees/new", "New tree"))
    if at_least(role, Role.ADMIN):
        links += [NavLink("/account/members", "Members"), NavLink("/account/audit", "Audit")]
    if at_least(role, Role.OWNER):
        links.append(NavLink("/account/security", "Security"))
    return links


def template_config(assets: dict[str, Asset]) -> TemplateConfig[JinjaTemplateEngine]:
    """Jinja2 over ``templates/``, autoescaping, failing loudly on a misspelt variable."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIRECTORY),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["assets"] = assets
    environment.filters["relative"] = presenting.relative_time
    environment.filters["utc"] = presenting.utc_text
    environment.filters["iso"] = presenting.iso_utc
    environment.filters["device"] = presenting.device_of
    environment.filters["minutes"] = presenting.minutes_text
    environment.filters["detail"] = presenting.detail_text
    environment.filters["duration"] = duration_text
    environment.filters["highlight"] = highlighted
    environment.filters["rate"] = analytics_chart.rate_text
    environment.globals["tree_actions"] = tree_library.tree_actions
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def page(
    services: Services,
    visitor: Visitor,
    template: str,
    *,
    status_code: int = 200,
    **context: object,
) -> Template:
    """A signed-in page: ``template`` inside the layout, with who is signed in and until when."""
    me = my_account.me(services, visitor.principal)
    return Template(
        template_name=template,
        context={
            "me": me,
            "visitor": visitor,
            "navigation": navigation_for(me.role),
            "now": services.clock.now(),
            **context,
        },
        status_code=status_code,
    )


def public_page(template: str, *, status_code: int = 200, **context: object) -> Template:
    """A page anyone may see (sign-in, registration): no layout of a signed-in person."""
    return Template(template_name=template, context=context, status_code=status_code)


def fragment(services: Services, template: str, **context: object) -> Template:
    """A part of a page that htmx swaps in."""
    return Template(template_name=template, context={"now": services.clock.now(), **context})
