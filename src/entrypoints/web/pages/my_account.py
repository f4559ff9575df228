"""``/me/devices`` and ``/me/password``: the caller's own sign-ins and password."""

from __future__ import annotations

from functools import partial
from typing import Final
from uuid import UUID

from litestar import Router, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY

from decision_core.errors import RuleViolation, TooManyAttempts
from decision_core.usecases import my_account
from entrypoints.http.caller import AnyRequest, client_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.web.browser_session import is_htmx
from entrypoints.web.forms import FormData, fields
from entrypoints.web.injected import SignedIn
from entrypoints.web.rendering import fragment, page

DEVICES: Final = "me/devices.html"
PASSWORD_PAGE: Final = "me/password.html"  # noqa: S105 - a template name


def device_pages(threads: HandlerThreads) -> Router:
    """The caller's devices: their live login sessions, and signing them out."""

    @get("/devices", sync_to_thread=threads.database_work)
    def devices(visitor: SignedIn, services: InjectedServices) -> Template:
        """Every live sign-in of the caller, this one marked."""
        sessions = my_account.list_my_sessions(services, visitor.principal)
        return page(services, visitor, DEVICES, sessions=sessions, message=None)

    @post("/devices/{sid:uuid}/sign-out", sync_to_thread=threads.database_work)
    def sign_out_device(
        sid: FromPath[UUID],
        request: AnyRequest,
        visitor: SignedIn,
        services: InjectedServices,
    ) -> Template:
        """End one other sign-in of the caller."""
        my_account.revoke_my_session(services, visitor.principal, sid)
        return _devices_after(request, visitor, services, "That device was signed out.")

    @post("/devices/sign-out-others", sync_to_thread=threads.database_work)
    def sign_out_other_devices(
        request: AnyRequest, visitor: SignedIn, services: InjectedServices
    ) -> Template:
        """End every sign-in of the caller but this one."""
        revoked = my_account.revoke_my_other_sessions(services, visitor.principal)
        noun = "device was" if revoked == 1 else "devices were"
        return _devices_after(request, visitor, services, f"{revoked} other {noun} signed out.")

    return Router(
        path="/me",
        include_in_schema=False,
        route_handlers=[devices, sign_out_device, sign_out_other_devices],
    )


def password_pages(threads: HandlerThreads) -> Router:
    """The caller's password, and changing it."""

    @get("/password", sync_to_thread=threads.database_work)
    def password_page(
        visitor: SignedIn,
        services: InjectedServices,
        *,
        changed: FromQuery[bool] = False,
    ) -> Template:
        """The change-password form; after a change, saying what it did."""
        return page(services, visitor, PASSWORD_PAGE, errors=[], changed=changed)

    @post("/password")
    async def change_password(
        data: FormData, request: AnyRequest, visitor: SignedIn, services: InjectedServices
    ) -> Template | Redirect:
        """Replace the password; every other device is signed out."""
        form = fields(data, "current_password", "new_password", "confirm_password")
        errors: list[str] = []
        if form["new_password"] != form["confirm_password"]:
            errors.append("The new password and its confirmation differ.")
        else:
            change = partial(
                my_account.change_password,
                services,
                visitor.principal,
                form["current_password"],
                form["new_password"],
                client_of(request),
            )
            try:
                await threads.hashing(change)
            except my_account.IncorrectPassword:
                errors.append("The current password is not correct.")
            except TooManyAttempts as exc:
                minutes = -(-exc.retry_after_seconds // 60)
                errors.append(f"Too many wrong passwords. Try again in {minutes} min.")
            except RuleViolation as exc:
                errors.extend(exc.problems)
        if errors:
            return page(
                services,
                visitor,
                PASSWORD_PAGE,
                errors=errors,
                changed=False,
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return Redirect("/me/password?changed=1", status_code=HTTP_303_SEE_OTHER)

    return Router(
        path="/me",
        include_in_schema=False,
        route_handlers=[password_page, change_password],
    )


def _devices_after(
    request: AnyRequest, visitor: SignedIn, services: InjectedServices, message: str
) -> Template:
    """The devices page (or, for htmx, its list) after a sign-out, saying what it did."""
    sessions = my_account.list_my_sessions(services, visitor.principal)
    if is_htmx(request):
        return fragment(services, "me/_devices_list.html", sessions=sessions, message=message)
    return page(services, visitor, DEVICES, sessions=sessions, message=message)
