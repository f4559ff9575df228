"""Bodies of the caller's own login sessions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from decision_core.usecases.my_account import MySession
from entrypoints.http.schemas.base import ResponseBody


class LoginSessionBody(ResponseBody):
    """One live login session; ``current`` marks the one making the request."""

    id: UUID
    created_at: datetime
    last_used_at: datetime
    user_agent: str | None
    ip: str | None
    current: bool
    idle_expires_at: datetime
    absolute_expires_at: datetime


def login_session_body(mine: MySession) -> LoginSessionBody:
    """Present one of the caller's login sessions."""
    session = mine.session
    return LoginSessionBody(
        id=session.id,
        created_at=session.created_at,
        last_used_at=session.last_used_at,
        user_agent=session.user_agent,
        ip=session.ip,
        current=mine.current,
        idle_expires_at=session.idle_expires_at,
        absolute_expires_at=session.absolute_expires_at,
    )
