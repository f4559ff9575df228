"""``nox -s fuzz``: schemathesis against the real server, on a scratch SQLite file.

See ``__main__`` for the run and ``docs/decisions.md`` (D58) for why it is built so.
"""
