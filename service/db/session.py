"""Sessions outside a request: CLI commands, the demo loader and background workers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from service.db.engine import READ_ONLY_OPTION, create_engine
from service.db.migrate import schema_state


class SchemaNotReady(RuntimeError):
    pass


@asynccontextmanager
async def standalone_engine(database_url: str, *, pool_size: int = 2) -> AsyncIterator[AsyncEngine]:
    state = await schema_state(database_url)
    if not state.up_to_date:
        raise SchemaNotReady(state.describe())
    engine = create_engine(database_url, pool_size=pool_size)
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """One unit of work: committed when the block ends, rolled back if it raises."""
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as session, session.begin():
        yield session


@asynccontextmanager
async def reading(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A unit of work that only reads, rolled back at the end. On SQLite it begins deferred,
    so it never waits for the one writer: a reader sees the last commit (WAL)."""
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as session:
        await session.connection(execution_options={READ_ONLY_OPTION: True})
        try:
            yield session
        finally:
            await session.rollback()
