"""A public read that misses the snapshot never waits for the database's writer.

On SQLite every writing session holds the one write lock from its BEGIN, and issuance holds
it while a batch is written; a public read that fell through to the database used to take
that lock too, and a crowd reading a credential waited behind issuance. Reads now begin
deferred. The test holds the writer's lock from another connection and reads a credential
no process has cached yet. (PostgreSQL readers never wait for writers; it runs there too.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.db.models import CredentialRow
from service.settings import Settings
from tests.support.credential_fixtures import issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
PATIENCE_SECONDS = 5.0
"""Far below the 30 s a read would wait for SQLite's lock; far above a read's time."""


async def test_a_credential_read_goes_ahead_while_a_writer_holds_the_lock(
    client: Client, db_engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(db_engine)
    await pass_attempt(db_engine, programme, learner_id="read-beside-writer")
    assert await issue(db_engine, settings) == 1
    async with db_engine.connect() as connection:
        public_id = await connection.scalar(select(CredentialRow.public_id))
    async with db_engine.connect() as writer:
        await writer.begin()  # SQLite: BEGIN IMMEDIATE, the write lock until rolled back
        await writer.execute(update(CredentialRow).values(holder_name="Held Name"))
        read = await asyncio.wait_for(
            client.get(f"/credentials/{public_id}", headers={"Accept": "application/ld+json"}),
            PATIENCE_SECONDS,
        )
        await writer.rollback()
    assert read.status_code == 200, read.text
    assert read.json()["id"].endswith(f"/credentials/{public_id}")
