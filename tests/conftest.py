"""Session-wide fixtures: databases on both engines, settings, the app, clients and tokens."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db.engine import create_engine
from service.settings import Settings
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.postgres import (
    PostgresUnavailable,
    TemporaryPostgres,
    start_temporary_postgres,
)

TEST_SECRET = "test-secret-key-with-enough-length-0123456789"
DATABASE_KINDS = ("sqlite", "postgresql")


class _LazyPostgresServer:
    """Starts the temporary server on first use, so unit-only runs never pay for it."""

    def __init__(self) -> None:
        self.server: TemporaryPostgres | None = None

    def url(self) -> str:
        given = os.environ.get("ACCREDO_TEST_DATABASE_URL")
        if given:
            return given
        if self.server is None:
            try:
                self.server = start_temporary_postgres()
            except PostgresUnavailable as exc:
                pytest.fail(f"PostgreSQL tests cannot run: {exc}", pytrace=False)
        return self.server.admin_url


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    server = _LazyPostgresServer()
    yield PostgresDatabases(server.url)
    if server.server is not None:
        server.server.stop()


@pytest.fixture(scope="session")
def sqlite_databases(tmp_path_factory: pytest.TempPathFactory) -> SqliteDatabases:
    return SqliteDatabases(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(params=DATABASE_KINDS)
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_factory(
    database_kind: str,
    sqlite_databases: SqliteDatabases,
    postgres_databases: PostgresDatabases,
) -> SqliteDatabases | PostgresDatabases:
    return sqlite_databases if database_kind == "sqlite" else postgres_databases


@pytest.fixture
async def database_url(database_factory: SqliteDatabases | PostgresDatabases) -> str:
    return await database_factory.fresh()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Without the app's issuer: an app built from these settings issues nothing by itself
    (its issuer is a child process on the system clock, which would race a test's own
    `issue` at the test's time). Tests of the issuer switch it on."""
    return Settings(
        database_url=database_url,
        public_base_url="https://accredo.test",
        secret_key=TEST_SECRET,
        data_dir=tmp_path,
        credential_worker=False,
    )


@pytest.fixture
async def db_engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """An engine on the test's own event loop (the app's runs in the test client's thread)."""
    engine = create_engine(settings.database_url, pool_size=2)
    yield engine
    await engine.dispose()


@pytest.fixture
def app(settings: Settings) -> Litestar:
    """The app without its background issuer: tests issue what they need themselves
    (`tests.support.credential_fixtures.issue`), and an issuer of the app's own took rows
    from under them. Tests of the issuer run it themselves, or run a real server."""
    return create_app(dataclasses.replace(settings, credential_worker=False))


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


TokenFactory = Callable[..., str]


@pytest.fixture
def make_token() -> TokenFactory:
    def make(
        *roles: Role,
        subject: str = "user-1",
        name: str | None = None,
        email: str | None = None,
        account: str | None = None,
        secret: str = TEST_SECRET,
        ttl: timedelta = timedelta(hours=1),
    ) -> str:
        return create_token(
            secret_key=secret,
            subject=subject,
            roles=roles,
            now=utc_now(),
            ttl=ttl,
            name=name,
            email=email,
            account=account,
        )

    return make


@pytest.fixture
def auth_header(make_token: TokenFactory) -> Callable[..., dict[str, str]]:
    def header(*roles: Role, **kwargs: object) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(*roles, **kwargs)}"}

    return header
