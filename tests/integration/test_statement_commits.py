"""`commit_each_statement`: on PostgreSQL a session's statements commit one by one (no BEGIN
and COMMIT round trips); on SQLite, or once a transaction has begun, nothing changes."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from service.db.statement_commits import commit_each_statement


async def _count(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.scalar(text("SELECT count(*) FROM probe"))) or 0)


async def test_statements_commit_on_their_own_on_postgresql_only(db_engine: AsyncEngine) -> None:
    async with db_engine.begin() as connection:
        await connection.execute(text("CREATE TABLE probe (n INTEGER)"))
    maker = async_sessionmaker(db_engine)
    on_postgresql = db_engine.dialect.name == "postgresql"
    async with maker() as session:
        assert await commit_each_statement(session) is on_postgresql
        await session.execute(text("INSERT INTO probe VALUES (1)"))
        if on_postgresql:
            assert await _count(db_engine) == 1  # committed before the session ends
        await session.rollback()
    assert await _count(db_engine) == (1 if on_postgresql else 0)

    async with maker() as session:  # the next session of the pool begins as usual
        await session.execute(text("INSERT INTO probe VALUES (2)"))
        assert await commit_each_statement(session) is False
        await session.rollback()
    assert await _count(db_engine) == (1 if on_postgresql else 0)
    async with db_engine.begin() as connection:
        await connection.execute(text("DROP TABLE probe"))
