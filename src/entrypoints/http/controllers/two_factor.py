"""Two-factor sign-in and step-up: completing a sign-in, enrolling, turning off, confirming.

Beside :mod:`.auth` under ``/api/v1/auth``. The enrolment takes either an
access token or, for a member who must enrol to finish signing in, the
sign-in's challenge in the body.
"""

from __future__ import annotations

from functools import partial
from typing import Final

from litestar import Router, delete, get, post
from litestar.openapi.spec import SecurityRequirement
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from decision_core.usecases import (
    step_up,
    two_factor_enrolment,
    two_factor_settings,
    two_factor_signin,
)
from decision_core.usecases.two_factor_enrolment import ByChallenge, Enroller
from entrypoints.http.caller import AnyRequest, client_of, provide_principal
from entrypoints.http.handler_threads import HandlerThreads
from entrypoints.http.injected import InjectedPrincipal, InjectedServices
from entrypoints.http.openapi_errors import errors
from entrypoints.http.openapi_security import ACCESS_SCHEME, NEEDS_ACCESS_TOKEN
from entrypoints.http.schemas.auth import TokenBody, token_body
from entrypoints.http.schemas.two_factor import (
    EnrolmentBody,
    EnrolmentConfirmedBody,
    EnrolmentConfirmRequest,
    EnrolmentRequest,
    ReauthenticateRequest,
    RecoveryCodesBody,
    TwoFactorCodeRequest,
    TwoFactorSignInRequest,
    TwoFactorStatusBody,
    confirmed_body,
    enrolment_body,
    status_body,
)

# The access token, or none at all when the body carries a sign-in's challenge.
ACCESS_TOKEN_OR_CHALLENGE: Final[list[SecurityRequirement]] = [{ACCESS_SCHEME: []}, {}]


def two_factor_routes(threads: HandlerThreads) -> Router:
    """``/api/v1/auth``: the second factor, and confirming who one is (step-up)."""

    @post(
        "/login/two-factor",
        status_code=HTTP_200_OK,
        sync_to_thread=threads.database_work,
        responses=errors(400, 401, 429),
        summary="Complete a sign-in with a second factor",
    )
    def complete_sign_in(
        data: JSONBody[TwoFactorSignInRequest],
        services: InjectedServices,
        request: AnyRequest,
    ) -> TokenBody:
        """Finish a sign-in answered ``two_factor_required`` with a TOTP or recovery code.

        A wrong code answers 401 ``invalid_two_factor_code`` and the challenge
        stays open for another try (throttled, 429); an unknown, used or
        expired challenge answers 401 ``invalid_two_factor_challenge``.
        """
        tokens = two_factor_signin.complete_sign_in(
            services, data.challenge, data.code, client_of(request)
        )
        return token_body(tokens)

    @get(
        "/two-factor",
        sync_to_thread=threads.database_work,
        security=NEEDS_ACCESS_TOKEN,
        responses=errors(401),
        summary="Read my two-factor status",
    )
    def status(principal: InjectedPrincipal, services: InjectedServices) -> TwoFactorStatusBody:
        """Whether the caller signs in with a second factor, and how many recovery codes remain."""
        return status_body(two_factor_settings.two_factor_status(services, principal))

    @delete(
        "/two-factor",
        status_code=HTTP_204_NO_CONTENT,
        sync_to_thread=threads.database_work,
        security=NEEDS_ACCESS_TOKEN,
        responses=errors(400, 401, 409, 429, step_up=True),
        summary="Turn off two-factor sign-in",
    )
    def disable(
        data: JSONBody[TwoFactorCodeRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> None:
        """Turn off the caller's second factor with a current TOTP or recovery code (step-up)."""
        two_factor_settings.disable_two_factor(services, principal, data.code)

    @post(
        "/two-factor/enrolment",
        status_code=HTTP_201_CREATED,
        sync_to_thread=threads.database_work,
        security=ACCESS_TOKEN_OR_CHALLENGE,
        responses=errors(400, 401, 409),
        summary="Start a two-factor enrolment",
    )
    def start_enrolment(
        services: InjectedServices,
        request: AnyRequest,
        data: JSONBody[EnrolmentRequest | None] = None,
    ) -> EnrolmentBody:
        """A new TOTP secret to add to an authenticator; not active until confirmed.

        A new call replaces a pending enrolment. Send the access token, or,
        signing in to an account that requires two factors, the sign-in's
        challenge in the body.
        """
        enroller = _enroller(services, request, (data or EnrolmentRequest()).challenge)
        return enrolment_body(two_factor_enrolment.start_enrolment(services, enroller))

    @post(
        "/two-factor/enrolment/confirm",
        status_code=HTTP_200_OK,
        sync_to_thread=threads.database_work,
        security=ACCESS_TOKEN_OR_CHALLENGE,
        responses=errors(400, 401, 409, 429),
        summary="Confirm a two-factor enrolment",
    )
    def confirm_enrolment(
        data: JSONBody[EnrolmentConfirmRequest],
        services: InjectedServices,
        request: AnyRequest,
    ) -> EnrolmentConfirmedBody:
        """Turn two-factor sign-in on with a first code; ten recovery codes, shown once.

        With a sign-in's challenge instead of an access token, this also
        completes that sign-in: the answer carries its tokens.
        """
        enroller = _enroller(services, request, data.challenge)
        confirmed = two_factor_enrolment.confirm_enrolment(services, enroller, data.code)
        return confirmed_body(confirmed)

    @post(
        "/two-factor/recovery-codes",
        status_code=HTTP_200_OK,
        sync_to_thread=threads.database_work,
        security=NEEDS_ACCESS_TOKEN,
        responses=errors(400, 401, 409, 429),
        summary="Replace my recovery codes",
    )
    def regenerate_recovery_codes(
        data: JSONBody[TwoFactorCodeRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
    ) -> RecoveryCodesBody:
        """Ten new recovery codes in place of the old ones, with a current TOTP code."""
        codes = two_factor_settings.regenerate_recovery_codes(services, principal, data.code)
        return RecoveryCodesBody(recovery_codes=list(codes))

    @post(
        "/reauthenticate",
        status_code=HTTP_204_NO_CONTENT,
        security=NEEDS_ACCESS_TOKEN,
        responses=errors(400, 401, 422, 429),
        summary="Confirm who I am (step-up)",
    )
    async def reauthenticate(
        data: JSONBody[ReauthenticateRequest],
        principal: InjectedPrincipal,
        services: InjectedServices,
        request: AnyRequest,
    ) -> None:
        """Prove again who the caller is, with the password or a second factor's code.

        For the next STEP_UP_MINUTES, this login session may make step-up
        changes (signing everyone out, the session policy, roles, the
        two-factor requirement, turning off two-factor sign-in). Wrong
        passwords and codes are throttled like sign-ins.
        """
        confirm = partial(
            step_up.reauthenticate,
            services,
            principal,
            password=data.password,
            code=data.code,
            client=client_of(request),
        )
        await threads.hashing(confirm)

    return Router(
        path="/api/v1/auth",
        tags=["auth"],
        route_handlers=[
            complete_sign_in,
            status,
            disable,
            start_enrolment,
            confirm_enrolment,
            regenerate_recovery_codes,
            reauthenticate,
        ],
    )


def _enroller(services: InjectedServices, request: AnyRequest, challenge: str | None) -> Enroller:
    """The challenge's holder if the body names one, else the access token's caller."""
    if challenge is not None:
        return ByChallenge(challenge, client_of(request))
    return provide_principal(request, services)
