"""How the OpenAPI document describes the bearer tokens."""

from __future__ import annotations

from typing import Final

from litestar.openapi.spec import Reference, SecurityRequirement, SecurityScheme

ACCESS_SCHEME: Final = "AccessToken"
REFRESH_SCHEME: Final = "RefreshToken"

SECURITY_SCHEMES: Final[dict[str, SecurityScheme | Reference]] = {
    ACCESS_SCHEME: SecurityScheme(
        type="http",
        scheme="bearer",
        bearer_format="JWT",
        description="The access token of a sign-in (5 minutes).",
    ),
    REFRESH_SCHEME: SecurityScheme(
        type="http",
        scheme="bearer",
        bearer_format="JWT",
        description="The refresh token, on POST /api/v1/auth/refresh only.",
    ),
}

NEEDS_ACCESS_TOKEN: Final[list[SecurityRequirement]] = [{ACCESS_SCHEME: []}]
NEEDS_REFRESH_TOKEN: Final[list[SecurityRequirement]] = [{REFRESH_SCHEME: []}]
