"""Alembic migrations of the SQL schema; run them with ``adapters.sqlalchemy.migrate``."""
