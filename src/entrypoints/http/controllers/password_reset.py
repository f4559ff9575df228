"""Password recovery: ``/api/v1/auth/password-reset`` and ``.../confirm``, no token needed."""

from __future__ import annotations

from functools import partial

from litestar import Response, Router, post
from litestar.background_tasks import BackgroundTask
from litestar.params import JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from decision_core.usecases import password_reset
from entrypoints.http.caller import AnyRequest, client_of
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.schemas.password_reset import (
    PasswordResetConfirmRequest,
    PasswordResetRequest,
    PasswordResetRequestedBody,
)


def after_answering(
    body: PasswordResetRequestedBody,
    services: InjectedServices,
    accepted: password_reset.ResetRequest,
) -> Response[PasswordResetRequestedBody]:
    """The 202 answer, sending the link (if there is one to send) once it has gone out."""
    send = BackgroundTask(password_reset.send_reset_link, services, accepted)
    return Response(body, status_code=HTTP_202_ACCEPTED, background=send)


def password_reset_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/auth/password-reset``: a forgotten password, replaced by a link sent by mail."""

    @post(
        "/",
        status_code=HTTP_202_ACCEPTED,
        sync_to_thread=threads.database_work,
        responses=errors(400, 429),
        summary="Ask for a password-reset link",
    )
    def request_reset(
        data: JSONBody[PasswordResetRequest], services: InjectedServices, request: AnyRequest
    ) -> Response[PasswordResetRequestedBody]:
        """Mail a single-use link (valid 30 minutes) to the account with this email, if any.

        The answer is 202 with the same body, after the same work, whether or
        not the email belongs to an active account: the link is made and mailed
        after the answer has gone. Requests are throttled per email and client
        address (every request counts): 429 with ``Retry-After``, for known and
        unknown emails alike.
        """
        accepted = password_reset.accept_reset_request(services, data.email, client_of(request))
        return after_answering(PasswordResetRequestedBody(), services, accepted)

    @post(
        "/confirm",
        status_code=HTTP_204_NO_CONTENT,
        responses=errors(400, 422),
        summary="Set a new password with a reset link's token",
    )
    async def confirm_reset(
        data: JSONBody[PasswordResetConfirmRequest], services: InjectedServices
    ) -> None:
        """Set the password and sign the user out everywhere; the token is then spent.

        A token that is unknown, used, superseded by a newer request or expired
        is 400 ``invalid_reset_token``; a new password outside 8 to 1024
        characters is 422 ``invalid_password``.
        """
        reset = partial(password_reset.reset_password, services, data.token, data.new_password)
        await threads.hashing(reset)

    return Router(
        path="/api/v1/auth/password-reset",
        tags=["auth"],
        route_handlers=[request_reset, confirm_reset],
    )
