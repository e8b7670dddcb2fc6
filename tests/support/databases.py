"""Fresh, migrated databases for each test, on SQLite and PostgreSQL.

Each kind is migrated once per session into a template; every test then gets its own copy
(a file copy for SQLite, ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL). Tests are therefore
isolated even when the code under test commits, which API tests always do.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from service.db import migrate

TEMPLATE_NAME = "accredo_template"
_counter = itertools.count(1)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class SqliteDatabases:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.template = directory / "template.db"
        self._prepared = False

    async def prepare(self) -> None:
        if not self._prepared:
            await migrate.upgrade(self.url_for(self.template))
            self._prepared = True

    @staticmethod
    def url_for(path: Path) -> str:
        return f"sqlite+aiosqlite:///{path.as_posix()}"

    async def fresh(self, *, migrated: bool = True) -> str:
        path = self.directory / f"test_{next(_counter)}.db"
        if migrated:
            await self.prepare()
            shutil.copyfile(self.template, path)
        return self.url_for(path)


class PostgresDatabases:
    """Databases on a server that is only started when a test first asks for one."""

    def __init__(self, server_url: Callable[[], str]) -> None:
        self._server_url = server_url
        self._admin_url: str | None = None
        self._prepared = False

    @property
    def admin_url(self) -> str:
        if self._admin_url is None:
            self._admin_url = self._server_url()
        return self._admin_url

    def url_for(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    async def _execute(self, statement: str) -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(self.admin_url))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    async def prepare(self) -> None:
        if self._prepared:
            return
        await self._execute(f'DROP DATABASE IF EXISTS "{TEMPLATE_NAME}"')
        await self._execute(f'CREATE DATABASE "{TEMPLATE_NAME}"')
        await migrate.upgrade(self.url_for(TEMPLATE_NAME))
        self._prepared = True

    async def fresh(self, *, migrated: bool = True) -> str:
        if migrated:
            await self.prepare()
        name = f"accredo_test_{next(_counter)}"
        await self._execute(f'DROP DATABASE IF EXISTS "{name}"')
        template = f' TEMPLATE "{TEMPLATE_NAME}"' if migrated else ""
        await self._execute(f'CREATE DATABASE "{name}"{template}')
        return self.url_for(name)
