"""The statements of the hot paths, built once: refresh, /me, a walk step, a sign-in.

Core statements with bound parameters, built at import and compiled once per
dialect (:mod:`.compiled`); a unit of work runs them on its DB-API connection
(:mod:`.transaction`), skipping the ORM entirely. Building a statement per call
and letting the ORM execute it costs several times what running it does (see
docs/benchmarks.md, "What each fast path buys"). Parameters are named
``p_<column>`` because SQLAlchemy reserves the bare column names in a SET
clause.

Only the hot paths live here; the rest of the adapters build statements where
they are used, with the ORM Session.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Integer, Select, bindparam, case, delete, func, insert, select, update

from adapters.sqlalchemy.rows import (
    AccountRow,
    AuditEventRow,
    LoginFailureRow,
    LoginSessionRow,
    RefreshTokenRow,
    RowBase,
    UserRow,
)
from adapters.sqlalchemy.tree_rows import TreeVersionRow, WalkRow
from adapters.sqlalchemy.two_factor_rows import TwoFactorEnrolmentRow

_ACCOUNTS: Final = RowBase.metadata.tables[AccountRow.__tablename__]
_USERS: Final = RowBase.metadata.tables[UserRow.__tablename__]
_SESSIONS: Final = RowBase.metadata.tables[LoginSessionRow.__tablename__]
_TOKENS: Final = RowBase.metadata.tables[RefreshTokenRow.__tablename__]
_WALKS: Final = RowBase.metadata.tables[WalkRow.__tablename__]
_VERSIONS: Final = RowBase.metadata.tables[TreeVersionRow.__tablename__]
_AUDIT_EVENTS: Final = RowBase.metadata.tables[AuditEventRow.__tablename__]
_LOGIN_FAILURES: Final = RowBase.metadata.tables[LoginFailureRow.__tablename__]

USER_BY_ID: Final = select(_USERS).where(_USERS.c.id == bindparam("p_id"))

# A refresh of a legacy token reads the account.
ACCOUNT_BY_ID: Final = select(_ACCOUNTS).where(_ACCOUNTS.c.id == bindparam("p_id"))

# A read, change and save of one user or account holds its row until the transaction
# ends. FOR NO KEY UPDATE (key_share) is the lock an UPDATE of non-key columns takes
# anyway: it keeps other read-change-saves waiting, but not the inserts of rows that
# refer to it (a sign-in's session, an audit event), whose foreign keys only need
# FOR KEY SHARE. SQLite renders no clause: its write transactions are serial already.
USER_BY_ID_FOR_UPDATE: Final = USER_BY_ID.with_for_update(key_share=True)
ACCOUNT_BY_ID_FOR_UPDATE: Final = ACCOUNT_BY_ID.with_for_update(key_share=True)

# GET /auth/me reads the caller's user and account in one statement: each column
# labelled with its table's prefix, the user's columns first.
USER_WITH_ACCOUNT: Final = (
    select(
        *(column.label(f"user_{column.name}") for column in _USERS.c),
        *(column.label(f"account_{column.name}") for column in _ACCOUNTS.c),
    )
    .select_from(_USERS.join(_ACCOUNTS, _ACCOUNTS.c.id == _USERS.c.account_id))
    .where(_USERS.c.id == bindparam("p_id"))
)
USER_COLUMNS: Final = tuple(column.name for column in _USERS.c)
ACCOUNT_COLUMNS: Final = tuple(column.name for column in _ACCOUNTS.c)

SESSION_BY_ID: Final = select(_SESSIONS).where(_SESSIONS.c.id == bindparam("p_id"))

# A revocation stored meanwhile wins over the one a save writes back (see
# SqlAlchemyLoginSessions.save): a rotation must not resurrect a revoked session. So does
# a step-up confirmation, which only mark_reauthenticated writes.
_KEEPS_STORED_VALUE: Final = frozenset({"revoked_at", "revoke_reason", "reauthenticated_at"})
SAVE_SESSION: Final = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("p_id"))
    .values(
        {
            column.name: (
                func.coalesce(column, bindparam(f"p_{column.name}"))
                if column.name in _KEEPS_STORED_VALUE
                else bindparam(f"p_{column.name}")
            )
            for column in _SESSIONS.c
            if column.name != "id"
        }
    )
)

INSERT_TOKEN: Final = insert(_TOKENS)

# Consume a token only while it is unconsumed and its session unrevoked: the rule of
# RefreshTokenRecord.is_consumable_in, in SQL. The session test is a correlated EXISTS,
# not ``sid IN (SELECT ...)``, so it is a primary-key probe rather than a scan of every
# open session.
CONSUME_TOKEN: Final = (
    update(_TOKENS)
    .where(
        _TOKENS.c.jti == bindparam("p_jti"),
        _TOKENS.c.consumed_at.is_(None),
        select(_SESSIONS.c.id)
        .where(_SESSIONS.c.id == _TOKENS.c.sid, _SESSIONS.c.revoked_at.is_(None))
        .exists(),
    )
    .values(consumed_at=bindparam("p_now"))
    .returning(*_TOKENS.c)
)

# A refresh's plain rotation (decision_core.login.refresh.RotationPlan): consume the token only
# while the plan holds, the rule of RotationPlan.holds_for in SQL. The plan's session is
# read by its key alone, in a CTE kept as written (MATERIALIZED): with its other
# conditions in the same WHERE, PostgreSQL could judge it by the user_id index instead
# (their estimates tie until the table is analyzed), and one user's sessions can be
# many, all read on every refresh.
_PLANNED_SESSION: Final = (
    select(_SESSIONS.c.user_id, _SESSIONS.c.revoked_at, _SESSIONS.c.idle_max)
    .where(_SESSIONS.c.id == bindparam("p_sid"))
    .cte("planned_session")
    .prefix_with("MATERIALIZED")
)
_PLAN_HOLDS: Final = (
    _TOKENS.c.jti == bindparam("p_jti"),
    _TOKENS.c.consumed_at.is_(None),
    _TOKENS.c.sid == bindparam("p_sid"),
    select(_PLANNED_SESSION.c.user_id)
    .where(
        _PLANNED_SESSION.c.user_id == bindparam("p_user_id"),
        _PLANNED_SESSION.c.revoked_at.is_(None),
        _PLANNED_SESSION.c.idle_max == bindparam("p_idle_max"),
    )
    .exists(),
    select(_USERS.c.id).where(_USERS.c.id == bindparam("p_user_id"), _USERS.c.is_active).exists(),
)
CONSUME_PLANNED: Final = (
    update(_TOKENS)
    .where(*_PLAN_HOLDS)
    .values(consumed_at=bindparam("p_now"))
    .returning(_TOKENS.c.jti)
)
# A rotation marks the session used; the client's user agent and address replace
# the stored ones only when the client sent them.
MARK_SESSION_USED: Final = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("p_sid"))
    .values(
        last_used_at=bindparam("p_last_used_at"),
        idle_expires_at=bindparam("p_idle_expires_at"),
        user_agent=func.coalesce(
            bindparam("p_user_agent", type_=_SESSIONS.c.user_agent.type), _SESSIONS.c.user_agent
        ),
        ip=func.coalesce(bindparam("p_ip", type_=_SESSIONS.c.ip.type), _SESSIONS.c.ip),
    )
)


def _rotation_in_one_statement() -> Select[Any]:
    """The whole plain rotation as one PostgreSQL statement, answering the user.

    Data-modifying CTEs run exactly once and see one snapshot; the successor
    and the session's update are written only for the row the consume
    returned, so when the plan does not hold the statement writes nothing and
    returns no row. Concurrent presentations of one token queue on its row
    lock, and PostgreSQL re-checks ``consumed_at IS NULL`` for the waiters.
    """
    consumed = CONSUME_PLANNED.cte("consumed")
    successor = (
        insert(_TOKENS)
        .from_select(
            ["jti", "sid", "issued_at", "parent_jti"],
            select(
                bindparam("p_successor_jti", type_=_TOKENS.c.jti.type),
                bindparam("p_sid", type_=_TOKENS.c.sid.type),
                bindparam("p_last_used_at", type_=_TOKENS.c.issued_at.type),
                consumed.c.jti,
            ),
        )
        .cte("successor")
    )
    marked = MARK_SESSION_USED.where(select(consumed.c.jti).exists()).cte("marked")
    return (
        select(_USERS)
        .where(_USERS.c.id == bindparam("p_user_id"), select(consumed.c.jti).exists())
        .add_cte(successor, marked)
    )


ROTATE_IN_ONE_STATEMENT: Final = _rotation_in_one_statement()

# A walk step reads the walk (locked: it is about to change), the version it stands
# in, and saves the walk.
WALK_BY_ID: Final = select(_WALKS).where(_WALKS.c.id == bindparam("p_id"))
WALK_BY_ID_FOR_UPDATE: Final = WALK_BY_ID.with_for_update()
SAVE_WALK: Final = (
    update(_WALKS)
    .where(_WALKS.c.id == bindparam("p_id"))
    .values({c.name: bindparam(f"p_{c.name}") for c in _WALKS.c if c.name != "id"})
)

_VERSION_KEY: Final = (_VERSIONS.c.tree_id == bindparam("p_tree_id")) & (
    _VERSIONS.c.version == bindparam("p_version")
)
# Versions never change, so a parsed one can be reused; its stamp (the row's
# creation time) tells a cached parse of this very row from anything else.
VERSION_STAMP: Final = select(_VERSIONS.c.created_at).where(_VERSION_KEY)
VERSION_BY_KEY: Final = select(_VERSIONS).where(_VERSION_KEY)


# A sign-in: the pair held (PostgreSQL), its recent failures, the attempt recorded and
# the user by email; then the user's last sign-in, the new session, the failures cleared
# and the audit event. The password hash is the floor of a sign-in's cost; these keep
# the rest far below it.
USER_BY_EMAIL_KEY: Final = select(_USERS).where(_USERS.c.email_key == bindparam("p_email_key"))
# Whether the sign-in needs a second factor: the user's two-factor enrolment, if any.
_ENROLMENTS: Final = RowBase.metadata.tables[TwoFactorEnrolmentRow.__tablename__]
ENROLMENT_BY_USER: Final = select(_ENROLMENTS).where(_ENROLMENTS.c.user_id == bindparam("p_id"))
SAVE_USER: Final = (
    update(_USERS)
    .where(_USERS.c.id == bindparam("p_id"))
    # Not the key itself: an UPDATE that sets it, even to itself, makes SQLite look for
    # the rows that refer to it (with no plain index on login_sessions.user_id, every
    # session at each sign-in).
    .values({c.name: bindparam(f"p_{c.name}") for c in _USERS.c if c.name != "id"})
)
# A sign-in writes only its own columns, neither of them indexed: the whole-row SAVE_USER
# rewrote the email key's and the account's index entries too (four pages, not one).
# Only for an active user whose hash is still the one the password was checked against
# (a NULL p_checked_hash, a sign-in without a password check, compares the hash with
# itself); the caller learns from the row count. The new hash only over the one the
# password was checked against: a password changed meanwhile stays.
RECORD_SIGN_IN: Final = (
    update(_USERS)
    .where(
        _USERS.c.id == bindparam("p_id"),
        _USERS.c.is_active.is_(True),
        _USERS.c.password_hash
        == func.coalesce(
            bindparam("p_checked_hash", type_=_USERS.c.password_hash.type),
            _USERS.c.password_hash,
        ),
    )
    .values(
        last_login_at=bindparam("p_last_login_at"),
        password_hash=case(
            (
                _USERS.c.password_hash
                == bindparam("p_replaced_hash", type_=_USERS.c.password_hash.type),
                bindparam("p_new_hash", type_=_USERS.c.password_hash.type),
            ),
            else_=_USERS.c.password_hash,
        ),
    )
)
INSERT_SESSION: Final = insert(_SESSIONS)
INSERT_AUDIT_EVENT: Final = insert(_AUDIT_EVENTS)
_FAILURE_PAIR: Final = (_LOGIN_FAILURES.c.email_key == bindparam("p_email_key")) & (
    _LOGIN_FAILURES.c.address == bindparam("p_address")
)
# Holds a (subject, address) pair until the transaction ends (PostgreSQL only; see
# SqlAlchemyLoginFailures.hold): the two-key form, whose key space no single-key lock
# (the migrations') shares, with the throttle's own first key.
HOLD_FAILURE_PAIR: Final = select(
    func.pg_advisory_xact_lock(
        bindparam("p_namespace", type_=Integer()), bindparam("p_pair", type_=Integer())
    )
)
RECORD_FAILURE: Final = (
    insert(_LOGIN_FAILURES)
    .values(
        email_key=bindparam("p_email_key"), address=bindparam("p_address"), at=bindparam("p_at")
    )
    .returning(_LOGIN_FAILURES.c.id)
)
RECENT_FAILURES: Final = (
    select(_LOGIN_FAILURES.c.at)
    .where(_FAILURE_PAIR, _LOGIN_FAILURES.c.at > bindparam("p_since"))
    .order_by(_LOGIN_FAILURES.c.at, _LOGIN_FAILURES.c.id)
)
CLEAR_FAILURES: Final = delete(_LOGIN_FAILURES).where(
    _FAILURE_PAIR, _LOGIN_FAILURES.c.id <= bindparam("p_through")
)


def parameters(columns: dict[str, Any]) -> dict[str, Any]:
    """Column values as the ``p_<column>`` parameters of the statements above."""
    return {f"p_{name}": value for name, value in columns.items()}
