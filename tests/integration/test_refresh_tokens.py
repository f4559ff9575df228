import attrs

from decision_core.login.revocation import SessionSelector
from decision_core.login.sessions import RevokeReason, TokenConsumed, TokenNotLive
from decision_core.ports.unit_of_work import UnitOfWorkFactory

from .examples import NOW, a_login_session, a_token, a_user, an_account, given


def test_a_live_token_is_consumed(uow_factory: UnitOfWorkFactory) -> None:
    """The winner gets the consumed record, jti included, and its session."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    token = a_token(session)
    given(uow_factory, account, user, session, token)
    with uow_factory() as uow:
        outcome = uow.refresh_tokens.consume_if_live(token.jti, NOW)
    assert outcome == TokenConsumed(token=attrs.evolve(token, consumed_at=NOW), session=session)


def test_an_unknown_token_is_reported_as_such(uow_factory: UnitOfWorkFactory) -> None:
    """Nothing is known of a jti nobody stored."""
    with uow_factory() as uow:
        outcome = uow.refresh_tokens.consume_if_live("never-issued", NOW)
    assert outcome == TokenNotLive(token=None, session=None, successor=None)


def test_a_token_of_a_revoked_session_is_not_consumed(uow_factory: UnitOfWorkFactory) -> None:
    """The token stays unconsumed; the revoked session is reported."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    token = a_token(session)
    given(uow_factory, account, user, session, token)
    with uow_factory() as uow:
        uow.login_sessions.revoke_live(
            SessionSelector(account.id, sid=session.id), NOW, RevokeReason.LOGOUT
        )
        outcome = uow.refresh_tokens.consume_if_live(token.jti, NOW)
    revoked = attrs.evolve(session, revoked_at=NOW, revoke_reason=RevokeReason.LOGOUT)
    assert outcome == TokenNotLive(token=token, session=revoked, successor=None)


def test_a_replayed_token_reports_its_successor(uow_factory: UnitOfWorkFactory) -> None:
    """A token presented after its rotation comes back with the token that replaced it."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    first = a_token(session)
    given(uow_factory, account, user, session, first)
    second = a_token(session, parent_jti=first.jti)
    with uow_factory() as uow:
        assert isinstance(uow.refresh_tokens.consume_if_live(first.jti, NOW), TokenConsumed)
        uow.refresh_tokens.add(second)
        uow.commit()
    with uow_factory() as uow:
        outcome = uow.refresh_tokens.consume_if_live(first.jti, NOW)
    consumed_first = attrs.evolve(first, consumed_at=NOW)
    assert outcome == TokenNotLive(token=consumed_first, session=session, successor=second)


def test_a_token_consumed_without_rotation_has_no_successor(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """An absolute-expired refresh consumes the token and mints nothing."""
    account = an_account()
    user = a_user(account)
    session = a_login_session(user)
    token = a_token(session)
    given(uow_factory, account, user, session, token)
    with uow_factory() as uow:
        uow.refresh_tokens.consume_if_live(token.jti, NOW)
        uow.commit()
    with uow_factory() as uow:
        outcome = uow.refresh_tokens.consume_if_live(token.jti, NOW)
    assert outcome == TokenNotLive(
        token=attrs.evolve(token, consumed_at=NOW), session=session, successor=None
    )
