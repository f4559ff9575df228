"""Password recovery: a reset link by mail, and the operator's ``set-password``.

Asking for a link answers the same whatever the email (see
:func:`request_password_reset`); setting a password by link or by operator
ends every login session and sign-in challenge of the user, in the
transaction that changes it.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from decision_core import audit, mail
from decision_core.errors import InvalidResetToken, UnknownUser
from decision_core.identity import User, check_password
from decision_core.json_value import JsonValue
from decision_core.login.sessions import RevokeReason
from decision_core.password_reset import (
    RESET_TOKEN_MINUTES,
    PasswordResetToken,
    issue_reset_token,
    reset_token_hash,
)
from decision_core.ports.unit_of_work import UnitOfWork
from decision_core.usecases.context import CLI_OPERATOR, ClientInfo, Services, with_operator
from decision_core.usecases.password_attempts import password_reset_subject, start_attempt
from decision_core.usecases.user_sign_ins import replace_password


@attrs.frozen
class ResetRequest:
    """A counted request for a reset link: the active user to mail it to, if any."""

    recipient: User | None = attrs.field(repr=False)
    client: ClientInfo
    at: datetime


def accept_reset_request(services: Services, email: str, client: ClientInfo) -> ResetRequest:
    """Count a request for a reset link to ``email``, and find whom to send it to.

    Rules: the same work whatever the email (no enumeration): the request is
    counted and the email looked up, in one transaction; no password is
    hashed. Requests are throttled per email and client address like
    sign-ins, every request counting: at the limit, ``TooManyAttempts``,
    which says nothing about the email either. The link itself is made by
    :func:`send_reset_link`, which a server runs after it has answered, so
    the answer's timing cannot tell a known email from an unknown one.
    """
    now = services.clock.now()
    with services.uow() as uow:
        start_attempt(uow, services.settings.auth, password_reset_subject(email), client.ip, now)
        user = uow.users.get_by_email(email)
        uow.commit()
    recipient = user if user is not None and user.is_active else None
    return ResetRequest(recipient=recipient, client=client, at=now)


def send_reset_link(services: Services, request: ResetRequest) -> None:
    """Mail a reset link to the request's recipient; for a request without one, nothing.

    Rules: one transaction spends the user's earlier links (only the newest
    works), stores the new token as its hash (valid 30 minutes from the
    request), adds the ``password_reset`` mail to the outbox and writes
    ``auth.password_reset_requested``; then the drainer is woken.
    """
    user, now = request.recipient, request.at
    if user is None:
        return
    token, record = issue_reset_token(user.id, now)
    values: dict[str, JsonValue] = {
        "name": user.name,
        "token": token,
        "minutes": RESET_TOKEN_MINUTES,
    }
    with services.uow() as uow:
        uow.password_reset_tokens.spend_all_of(user.id, now)
        uow.password_reset_tokens.add(record)
        uow.outbox.add(mail.new_mail(user.email, mail.PASSWORD_RESET, values, now))
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=user.account_id,
                user_id=user.id,
                action=audit.PASSWORD_RESET_REQUESTED,
                resource_type="user",
                resource_id=user.id,
                details={"ip": request.client.ip, "user_agent": request.client.user_agent},
            )
        )
        uow.commit()
    services.mail_added()


def request_password_reset(services: Services, email: str, client: ClientInfo) -> None:
    """:func:`accept_reset_request`, then at once :func:`send_reset_link`.

    For callers with no later moment to send it in; a server answers between the two.
    """
    send_reset_link(services, accept_reset_request(services, email, client))


def reset_link_is_usable(services: Services, token: str) -> bool:
    """Whether ``token`` would reset a password now (for a page that asks before the form)."""
    now = services.clock.now()
    with services.uow() as uow:
        return _usable_token(uow, token, now) is not None


def reset_password(services: Services, token: str, new_password: str) -> None:
    """Set the password of the user the reset link names, and end all their login sessions.

    Rules: the new password follows the registration rules (else
    ``InvalidPassword``); a token that is unknown, spent, expired (at its
    ``expires_at``) or of a user no longer active is ``InvalidResetToken``,
    checked before the new password is hashed, and again, with the user held,
    in the transaction that sets it: of two uses of one token only the first
    succeeds. That transaction spends the token (and any other of the
    user's), saves the hash, closes the user's open sign-in challenges,
    revokes every live login session of the user (reason
    ``password_reset``) and writes ``auth.password_reset``.
    """
    check_password(new_password)
    now = services.clock.now()
    with services.uow() as uow:
        if _usable_token(uow, token, now) is None:
            raise InvalidResetToken
    new_hash = services.hasher.hash(new_password)
    with services.uow() as uow:
        record = _usable_token(uow, token, now)
        user = None if record is None else uow.users.get(record.user_id, for_update=True)
        if record is None or user is None or not user.is_active:
            raise InvalidResetToken
        if not uow.password_reset_tokens.spend(record.id, now):
            raise InvalidResetToken  # used meanwhile
        revoked = _set_password(uow, user, new_hash, now, RevokeReason.PASSWORD_RESET)
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=user.account_id,
                user_id=user.id,
                action=audit.PASSWORD_RESET,
                resource_type="user",
                resource_id=user.id,
                details={"revoked_sessions": revoked},
            )
        )
        uow.commit()


def set_password_by_operator(
    services: Services, email: str, new_password: str, operator: str = CLI_OPERATOR
) -> User:
    """An operator sets a user's password (the CLI's ``set-password``); the user, as changed.

    Rules: an unknown email is ``UnknownUser``; the password follows the
    registration rules. Like a reset, it ends every login session of the user
    (reason ``password_set_by_operator``) and closes their open sign-in
    challenges, spends their reset links and
    writes ``auth.password_set_by_operator`` with no ``user_id`` and
    ``details.actor`` naming the operator. An inactive user's password may be
    set too (it takes effect when they are active again).
    """
    check_password(new_password)
    with services.uow() as uow:
        known = uow.users.get_by_email(email)
    if known is None:
        msg = f"no user has the email {email}"
        raise UnknownUser(msg)
    new_hash = services.hasher.hash(new_password)
    now = services.clock.now()
    with services.uow() as uow:
        user = uow.users.get(known.id, for_update=True)
        if user is None:
            msg = f"no user has the email {email}"
            raise UnknownUser(msg)
        revoked = _set_password(uow, user, new_hash, now, RevokeReason.PASSWORD_SET_BY_OPERATOR)
        uow.audit.append(
            audit.audit_event(
                at=now,
                account_id=user.account_id,
                user_id=None,
                action=audit.PASSWORD_SET_BY_OPERATOR,
                resource_type="user",
                resource_id=user.id,
                details=with_operator({"revoked_sessions": revoked}, operator),
            )
        )
        uow.commit()
    return attrs.evolve(user, password_hash=new_hash)


def _usable_token(uow: UnitOfWork, token: str, now: datetime) -> PasswordResetToken | None:
    record = uow.password_reset_tokens.get_by_hash(reset_token_hash(token))
    return record if record is not None and record.is_usable(now) else None


def _set_password(
    uow: UnitOfWork, user: User, new_hash: str, now: datetime, reason: RevokeReason
) -> int:
    """Save the hash, spend the user's reset links, end every sign-in; how many sessions ended."""
    revoked = replace_password(uow, user, new_hash, now, reason)
    uow.password_reset_tokens.spend_all_of(user.id, now)
    return revoked
