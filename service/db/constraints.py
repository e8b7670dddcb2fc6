"""Which constraint refused a write, as exactly as each database tells it.

asyncpg hands over the broken constraint's name; SQLite only says it in its message
(``UNIQUE constraint failed: attempts.in_progress_key``). Matching a name, or SQLite's exact
sentence, rather than searching the message for a word: PostgreSQL's messages can quote the
refused row's values, which are the user's."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError


def violated_constraint(error: IntegrityError) -> str | None:
    """The constraint's name where the driver gives it (asyncpg), else None."""
    name = getattr(getattr(error.orig, "__cause__", None), "constraint_name", None)
    return name if isinstance(name, str) else None


def breaks_unique(error: IntegrityError, constraint: str, table: str, column: str) -> bool:
    """Whether ``error`` is the unique ``constraint`` on ``table.column`` refusing a row."""
    name = violated_constraint(error)
    if name is not None:
        return name == constraint
    return str(error.orig) == f"UNIQUE constraint failed: {table}.{column}"


def breaks_foreign_key(error: IntegrityError, constraint: str) -> bool:
    """Whether ``error`` is the foreign key ``constraint`` refusing a row (PostgreSQL only:
    SQLite does not say which foreign key failed)."""
    return violated_constraint(error) == constraint
