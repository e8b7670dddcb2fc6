"""Schema migrations driven from Python, so the CLI, the app's start-up check and the tests
share one path and no ``alembic.ini`` has to be found on disk."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator, TypeEngine

import migrations
from service.db.engine import create_engine

UPGRADE_COMMAND = "accredo db upgrade"


def compare_column_types(
    _context: MigrationContext,
    _inspected_column: object,
    _metadata_column: object,
    _inspected_type: TypeEngine[object],
    metadata_type: TypeEngine[object],
) -> bool | None:
    """Column type comparison for autogenerate and the schema test.

    advanced-alchemy's portable types (GUID, DateTimeUTC) reflect as their storage type, which
    differs per database; comparing those would report changes that are not there.
    """
    if isinstance(metadata_type, TypeDecorator):
        return False
    return None


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def head_revision(database_url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    def describe(self) -> str:
        if self.up_to_date:
            return f"database schema is at {self.current} (up to date)"
        if self.current is None:
            return f"database is not migrated; run `{UPGRADE_COMMAND}`"
        return (
            f"database schema is at {self.current} but the code expects {self.head}; "
            f"run `{UPGRADE_COMMAND}`"
        )


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def schema_state(database_url: str) -> SchemaState:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(_current_revision)
    finally:
        await engine.dispose()
    return SchemaState(current=current, head=head_revision(database_url))


async def _run(database_url: str, action: str, revision: str) -> None:
    config = alembic_config(database_url)
    engine = create_engine(database_url, pool_size=1)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def upgrade(database_url: str, revision: str = "head") -> None:
    await _run(database_url, "upgrade", revision)


async def downgrade(database_url: str, revision: str) -> None:
    await _run(database_url, "downgrade", revision)


def upgrade_sync(database_url: str, revision: str = "head") -> None:
    asyncio.run(upgrade(database_url, revision))
