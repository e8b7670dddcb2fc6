"""Migrations run both ways on both databases, and match the models exactly."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from service.db import migrate
from service.db.engine import create_engine
from service.db.migrate import compare_column_types
from service.db.models import metadata
from tests.support.databases import PostgresDatabases, SqliteDatabases


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": compare_column_types})
    return list(compare_metadata(context, metadata))


async def test_upgrade_downgrade_upgrade(
    database_factory: SqliteDatabases | PostgresDatabases,
) -> None:
    url = await database_factory.fresh(migrated=False)
    assert (await migrate.schema_state(url)).current is None
    await migrate.upgrade(url)
    state = await migrate.schema_state(url)
    assert state.up_to_date and state.current is not None
    await migrate.downgrade(url, "base")
    assert (await migrate.schema_state(url)).current is None
    await migrate.upgrade(url)
    assert (await migrate.schema_state(url)).up_to_date


async def test_migrated_schema_matches_the_models(
    database_factory: SqliteDatabases | PostgresDatabases,
) -> None:
    url = await database_factory.fresh()
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
