"""``/account/security``: the session policy and signing everyone out. Owner only."""

from __future__ import annotations

from typing import Any, Final

import attrs
from litestar import Router, get, post
from litestar.response import Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY

from decision_core.errors import RuleViolation
from decision_core.login.policy import (
    PRESET_OVERRIDES,
    EffectivePolicy,
    PolicyPatch,
    Preset,
    effective_policy,
)
from decision_core.login.revocation import BulkScope
from decision_core.usecases import account_security
from entrypoints.http.caller import AnyRequest
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import is_htmx
from entrypoints.web.forms import FormData, fields, whole_number
from entrypoints.web.injected import InjectedCookiePolicy, SignedIn
from entrypoints.web.presenting import minutes_text
from entrypoints.web.rendering import fragment, page
from entrypoints.web.token_cookies import cleared_token_cookies

PAGE: Final = "account/security.html"
SAVED: Final = "Saved. The new policy applies at each person's next sign-in."
# How long the page shows the result of "sign out everyone" before going to /login.
SIGN_OUT_NOTICE_MS: Final = 1500


def account_security_pages(threads: HandlerThreads) -> Router:
    """The policy card and the active-sessions card."""

    @get(sync_to_thread=threads.database_work)
    def security_page(visitor: SignedIn, services: InjectedServices) -> Template:
        """Both cards, as they stand."""
        view = account_security.get_security(services, visitor.principal)
        return page(services, visitor, PAGE, **_cards(view))

    @post("/policy", sync_to_thread=threads.database_work)
    def save_policy(
        data: FormData, request: AnyRequest, visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Apply a preset or custom minutes; the card again, saying saved or what is wrong."""
        form = fields(data, "preset", "idle_minutes", "absolute_minutes")
        errors: list[str] = []
        try:
            patch = _policy_patch(form)
            view = account_security.update_security(services, visitor.principal, patch)
        except RuleViolation as exc:
            errors = list(exc.problems)
            view = account_security.get_security(services, visitor.principal)
        context = {**_cards(view, errors=errors, saved=not errors), "submitted": form}
        status = HTTP_422_UNPROCESSABLE_ENTITY if errors else 200
        if is_htmx(request):
            template = fragment(services, "account/_policy_card.html", **context)
            template.status_code = status
            return template
        return page(services, visitor, PAGE, status_code=status, **context)

    @post("/two-factor", sync_to_thread=threads.database_work)
    def require_two_factor(
        data: FormData, request: AnyRequest, visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """Require (or stop requiring) a second factor at every member's sign-in (step-up)."""
        required = fields(data, "required")["required"] == "true"
        view = account_security.require_two_factor(services, visitor.principal, required=required)
        context = {**_cards(view), "two_factor_saved": True}
        if is_htmx(request):
            return fragment(services, "account/_two_factor_card.html", **context)
        return page(services, visitor, PAGE, **context)

    @post("/revoke", sync_to_thread=threads.database_work)
    def sign_out_everyone(
        data: FormData,
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
        cookie_policy: InjectedCookiePolicy,
    ) -> Template:
        """``others`` keeps the caller signed in; ``all`` ends the caller's sessions too."""
        chosen = fields(data, "scope")["scope"]
        scope = BulkScope.ALL if chosen == BulkScope.ALL.value else BulkScope.OTHERS
        revoked = account_security.revoke_sessions(services, visitor.principal, scope)
        if scope is BulkScope.ALL:
            template = fragment(
                services,
                "account/_signed_out_everyone.html"
                if is_htmx(request)
                else "account/signed_out_everyone.html",
                revoked=revoked,
                delay_ms=SIGN_OUT_NOTICE_MS,
            )
            template.cookies.extend(
                cleared_token_cookies(secure=cookie_policy.secure_for(request.url.scheme))
            )
            return template
        context = {
            **_cards(account_security.get_security(services, visitor.principal)),
            "revoked": revoked,
        }
        if is_htmx(request):
            return fragment(services, "account/_sessions_card.html", visitor=visitor, **context)
        return page(services, visitor, PAGE, **context)

    return Router(
        path="/account/security",
        include_in_schema=False,
        route_handlers=[security_page, save_policy, require_two_factor, sign_out_everyone],
    )


@attrs.frozen
class PresetChoice:
    """One radio button of the policy card."""

    value: str
    label: str
    summary: str


def _cards(
    view: account_security.SecurityView, *, errors: list[str] | None = None, saved: bool = False
) -> dict[str, Any]:
    """What both cards of the page need to render."""
    strict = effective_policy(PRESET_OVERRIDES[Preset.STRICT], view.bounds)
    standard = effective_policy(PRESET_OVERRIDES[Preset.STANDARD], view.bounds)
    return {
        "view": view,
        "preset_choices": [
            PresetChoice(Preset.STRICT.value, "Strict", _summary(strict)),
            PresetChoice(Preset.STANDARD.value, "Standard", _summary(standard)),
            PresetChoice(Preset.CUSTOM.value, "Custom", "your own limits, below"),
        ],
        "policy_errors": errors or [],
        "policy_saved": saved,
        "saved_message": SAVED,
    }


def _summary(policy: EffectivePolicy) -> str:
    return (
        f"signed out after {minutes_text(policy.idle_minutes)} without activity, "
        f"and after {minutes_text(policy.absolute_minutes)} at most"
    )


def _policy_patch(form: dict[str, str]) -> PolicyPatch:
    """The use case's patch from the form: a preset, or both custom minutes."""
    chosen = form["preset"]
    if chosen in (Preset.STRICT.value, Preset.STANDARD.value):
        return PolicyPatch(preset=Preset(chosen))
    idle, absolute = whole_number(form["idle_minutes"]), whole_number(form["absolute_minutes"])
    if idle is None or absolute is None:
        named = (("Idle timeout", idle), ("Maximum session length", absolute))
        raise RuleViolation(
            [
                f"{label} must be a whole number of minutes"
                for label, value in named
                if value is None
            ]
        )
    return PolicyPatch(idle_minutes=idle, absolute_minutes=absolute)
