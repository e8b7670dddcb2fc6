"""A PostgreSQL restart or failover drops the app's connections: one request learns it, with a
503 to retry, and the next one succeeds on a fresh connection.

The app does not ping a connection before each request (a round trip per request), so the
request that meets a dropped connection is answered 503 ``database-reconnecting`` and the pool
replaces its connections. The drop is real: PostgreSQL terminates the app's backends. SQLite
has no connection to drop, so this runs on PostgreSQL only.
"""

from __future__ import annotations

from collections.abc import Callable

from litestar.testing import AsyncTestClient
from sqlalchemy import text

from service.app import create_app
from service.auth.roles import Role
from service.db.session import standalone_engine
from service.settings import Settings
from tests.conftest import TEST_SECRET
from tests.support.databases import PostgresDatabases

Headers = Callable[..., dict[str, str]]


async def _terminate_other_backends(database_url: str) -> int:
    async with (
        standalone_engine(database_url, pool_size=1) as engine,
        engine.connect() as connection,
    ):
        ended = await connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        await connection.commit()
    return int(ended or 0)


async def test_a_dropped_connection_is_a_503_to_retry_and_the_retry_succeeds(
    postgres_databases: PostgresDatabases, auth_header: Headers
) -> None:
    database_url = await postgres_databases.fresh()
    settings = Settings(
        database_url=database_url, public_base_url="https://accredo.test", secret_key=TEST_SECRET
    )
    admin = auth_header(Role.ADMIN)
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await client.get("/exams", headers=admin)).status_code == 200
        assert await _terminate_other_backends(database_url) >= 1

        dropped = await client.get("/exams", headers=admin)
        assert dropped.status_code == 503, dropped.text
        assert dropped.headers["retry-after"] == "1"
        body = dropped.json()
        assert body["type"] == "urn:accredo:problem:database-reconnecting"
        assert "terminat" not in body["detail"]

        again = await client.get("/exams", headers=admin)
        assert again.status_code == 200, again.text
