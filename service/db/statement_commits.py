"""Units of work that are one statement, committed without BEGIN and COMMIT on PostgreSQL.

On PostgreSQL, BEGIN and COMMIT are a round trip each: a write that is a single statement
pays three round trips in a transaction and one on its own (PostgreSQL runs every statement
outside a transaction as its own, atomically). An answer save, an exam day's most frequent
request, is such a write. SQLite begins its transactions in `service.db.engine` (BEGIN
IMMEDIATE for writes) within the process, at no round trip's cost, so it keeps them.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def commit_each_statement(session: AsyncSession) -> bool:
    """Let each statement of ``session`` commit on its own until the session next commits or
    rolls back (the connection then goes back to the pool and the next begins a transaction
    as usual). True if it did; False on SQLite or once the session has begun a transaction.

    Only for work that needs no two statements to be atomic together.
    """
    if session.in_transaction() or session.get_bind().dialect.name != "postgresql":
        return False
    await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return True
