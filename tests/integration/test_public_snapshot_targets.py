"""A change to one credential drops only that credential's copies from a process's snapshot;
any other public change (a certification, a status list, a key) drops them all.

Issuing a cohort writes credentials several times a second; if each write dropped every
copy, every read of every other credential would go to the database meanwhile. Both ways a
change arrives are covered: another process's write, seen by the change check (written here
on a bare connection, which no session event of this process sees), and this process's own
commit (session events).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.db.models import CertificationRow, CredentialRow, CredentialVersionRow
from service.db.session import transaction
from service.public.cached_reads import shown_version
from service.public.snapshot import Encoded, PublicSnapshot, _changed_credentials, listen
from service.settings import Settings
from tests.support.credential_fixtures import (
    all_credentials,
    engine_for,
    issue,
    make_programme,
    pass_attempt,
)

UNRELATED_DOCUMENTS = (("status-list", "revocation", 1), ("keys",), ("previous-origins",))


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _two_credentials(engine: AsyncEngine, settings: Settings) -> tuple[str, str]:
    programme = await make_programme(engine)
    for learner in ("learner-a", "learner-b"):
        await pass_attempt(engine, programme, learner_id=learner)
    assert await issue(engine, settings) == 2
    first, second = sorted(row.public_id for row in await all_credentials(engine))
    return first, second


async def _fill(snapshot: PublicSnapshot, engine: AsyncEngine, public_ids: tuple[str, ...]) -> None:
    """Each credential's current version through the real read, plus a page and a pinned
    version as the routes key them, and documents no credential change touches.

    The snapshot keeps what it reads only while its last change check is under a second
    old, so it checks right before each read: on a loaded machine the test's own steps can
    take longer than that."""
    for public_id in public_ids:
        await snapshot.refresh(engine)
        await shown_version(snapshot, engine, public_id, None)
        assert public_id in snapshot.current, "the read was not kept"
        snapshot.pages.put((public_id, None, "current", "current"), Encoded.of(b"page"))
        snapshot.documents.put(("version", public_id, 1), object())
    for key in UNRELATED_DOCUMENTS:
        snapshot.documents.put(key, object())


def _held(snapshot: PublicSnapshot, public_id: str) -> dict[str, bool]:
    return {
        "current": public_id in snapshot.current,
        "page": (public_id, None, "current", "current") in snapshot.pages,
        "version": ("version", public_id, 1) in snapshot.documents,
    }


ALL = {"current": True, "page": True, "version": True}
NONE = {"current": False, "page": False, "version": False}


async def _write_elsewhere(engine: AsyncEngine, statement: Any) -> None:
    """A write as another process makes it: committed, stamped, unseen by this process's
    session events."""
    async with engine.begin() as connection:
        await connection.execute(statement)


async def test_another_process_changing_one_credential_drops_only_its_copies(
    engine: AsyncEngine, settings: Settings
) -> None:
    first, second = await _two_credentials(engine, settings)
    snapshot = PublicSnapshot(refresh_seconds=0.3)
    await snapshot.refresh(engine)
    await _fill(snapshot, engine, (first, second))
    assert _held(snapshot, first) == _held(snapshot, second) == ALL

    later = datetime.now(UTC) + timedelta(seconds=1)
    await _write_elsewhere(
        engine,
        update(CredentialRow)
        .where(CredentialRow.public_id == first)
        .values(holder_name="Ada King", updated_at=later),
    )
    assert await snapshot.refresh(engine)
    assert _held(snapshot, first) == NONE
    assert _held(snapshot, second) == ALL
    assert all(key in snapshot.documents for key in UNRELATED_DOCUMENTS)
    assert (await shown_version(snapshot, engine, first, None)).credential.holder_name == (
        "Ada King"
    )

    # A new version row of the second credential (a renewal's) is traced to it as well.
    await _fill(snapshot, engine, (first, second))
    await _write_elsewhere(
        engine,
        update(CredentialVersionRow)
        .where(
            CredentialVersionRow.credential_id
            == select(CredentialRow.id).where(CredentialRow.public_id == second).scalar_subquery()
        )
        .values(updated_at=later + timedelta(seconds=1)),
    )
    assert await snapshot.refresh(engine)
    assert _held(snapshot, first) == ALL
    assert _held(snapshot, second) == NONE

    # Anything else public drops everything: here the certification both credentials show.
    await _fill(snapshot, engine, (first, second))
    await _write_elsewhere(
        engine, update(CertificationRow).values(updated_at=later + timedelta(seconds=2))
    )
    assert await snapshot.refresh(engine)
    assert _held(snapshot, first) == _held(snapshot, second) == NONE
    assert not any(key in snapshot.documents for key in UNRELATED_DOCUMENTS)


async def test_changed_rows_that_are_gone_drop_everything(
    engine: AsyncEngine, settings: Settings
) -> None:
    first, _ = await _two_credentials(engine, settings)
    async with transaction(engine) as session:
        known = await session.scalar(
            select(CredentialRow.id).where(CredentialRow.public_id == first)
        )
    assert known is not None
    stamp = "|2026-01-01 00:00:00"
    assert await _changed_credentials(engine, frozenset({("credentials", f"{known}{stamp}")})) == {
        first
    }
    gone = frozenset({("credentials", f"{known}{stamp}"), ("credentials", f"{uuid4()}{stamp}")})
    assert await _changed_credentials(engine, gone) is None
    other_table = frozenset({("credentials", f"{known}{stamp}"), ("signing_keys", f"x{stamp}")})
    assert await _changed_credentials(engine, other_table) is None


async def test_this_process_committing_one_credential_drops_only_its_copies(
    engine: AsyncEngine, settings: Settings
) -> None:
    listen()  # as the app does at start
    first, second = await _two_credentials(engine, settings)
    snapshot = PublicSnapshot(refresh_seconds=0.3)
    await snapshot.refresh(engine)
    await _fill(snapshot, engine, (first, second))

    async with transaction(engine) as session:
        row = await session.scalar(select(CredentialRow).where(CredentialRow.public_id == second))
        assert row is not None
        row.holder_name = "Grace Hopper"
    assert _held(snapshot, first) == ALL
    assert _held(snapshot, second) == NONE
    assert all(key in snapshot.documents for key in UNRELATED_DOCUMENTS)

    # A version row whose credential this session never loaded cannot be traced without a
    # query: everything goes.
    await _fill(snapshot, engine, (first, second))
    async with transaction(engine) as session:
        await session.execute(update(CredentialVersionRow).values(updated_at=datetime.now(UTC)))
    assert _held(snapshot, first) == _held(snapshot, second) == NONE


async def test_a_version_row_whose_credential_is_unloaded_drops_everything(
    engine: AsyncEngine, settings: Settings
) -> None:
    listen()
    first, second = await _two_credentials(engine, settings)
    snapshot = PublicSnapshot(refresh_seconds=0.3)
    await snapshot.refresh(engine)
    await _fill(snapshot, engine, (first, second))
    async with transaction(engine) as session:
        version = (await session.scalars(select(CredentialVersionRow).limit(1))).one()
        session.expire(version, ["credential_id"])
        version.superseded_at = datetime.now(UTC)
    assert _held(snapshot, first) == _held(snapshot, second) == NONE
