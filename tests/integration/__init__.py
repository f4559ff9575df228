"""Contract tests: every repository port, on the in-memory adapters, SQLite and PostgreSQL."""
