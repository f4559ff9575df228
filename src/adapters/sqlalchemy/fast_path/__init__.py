"""The fast path under the SQL repositories: what the hot requests run instead of the ORM.

A refresh, ``GET /auth/me``, a walk step and a sign-in each cost a few tens
of microseconds of database work; SQLAlchemy's ``Session`` around it costs
several times that. So the repositories' methods on those paths run
prebuilt statements straight on the DB-API connection, everything else
going through the ORM on the same connection and transaction:

* :mod:`.statements`: the hot paths' Core statements, built once;
* :mod:`.compiled`: each compiled once per dialect, with the column types'
  own value conversions;
* :mod:`.transaction`: one unit of work's connection, reached by both routes;
* :mod:`.turns`: on SQLite, units of work take turns and keep one connection
  between turns;
* :mod:`.parsed_versions`: a walk step's tree version, parsed once per process.

What each of these buys, and how it was measured: docs/benchmarks.md, "What
each fast path buys".
"""
