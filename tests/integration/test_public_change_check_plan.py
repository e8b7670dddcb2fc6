"""The public snapshot's change check is answered from an index on every watched table.

Every process runs it three times a second. Reading whole tables (credentials and versions
carry their signed documents) made its cost grow with every credential ever issued, until it
missed its freshness limit and every public read fell through to the database; migration
0015's ``updated_at`` indexes keep both of its reads to index lookups on both databases.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ClauseElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from service.public.snapshot import WATCHED, WINDOW, _stamps


async def _plan(engine: AsyncEngine, statement: ClauseElement) -> str:
    async with engine.connect() as connection:
        dialect = connection.dialect
        compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        if dialect.name == "postgresql":
            # tiny test tables: the planner would scan them whatever the indexes
            await connection.execute(text("SET enable_seqscan = off"))
            rows = await connection.execute(text(f"EXPLAIN {compiled}"))
        else:
            rows = await connection.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        plan = "\n".join(" ".join(str(part) for part in row) for row in rows)
        await connection.rollback()
    return plan


async def test_both_reads_of_the_check_use_the_updated_at_index(db_engine: AsyncEngine) -> None:
    since = datetime(2026, 1, 1, tzinfo=UTC) - WINDOW
    for model in WATCHED:
        index = f"ix_{model.__tablename__}_updated_at"
        newest = await _plan(db_engine, select(func.max(model.updated_at)))
        assert index in newest, newest
        window = await _plan(
            db_engine,
            select(_stamps(model, db_engine.dialect.name)).where(model.updated_at >= since),
        )
        assert index in window, window
