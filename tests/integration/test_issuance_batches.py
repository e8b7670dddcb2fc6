"""Issuance a batch at a time: a fixed number of statements, and the per-credential rules kept.

The outbox is drained in batches (``service.credentials.outbox``); these tests pin what a batch
must not change: two passes of one learner renew in order, slots stay unique across lists,
account coverage is announced per credential with the counts after the batch, and the number
of statements does not grow with the number of credentials.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.accounts import services as accounts
from service.accounts.schemas import AccountCreate
from service.app import create_app
from service.credentials import status_lists
from service.credentials.outbox import batch_size, issue_due_credentials
from service.credentials.signing_pool import CHUNK
from service.credentials.worker import POLL_SECONDS, drain
from service.db.models import CredentialVersionRow, StatusListRow, WebhookEventRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import (
    all_credentials,
    engine_for,
    make_programme,
    pass_attempt,
)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _statements_to_issue(engine: AsyncEngine, settings: Settings, owed: int) -> int:
    programme = await make_programme(engine)
    for n in range(owed):
        await pass_attempt(engine, programme, learner_id=f"counted-{owed}-{n}")
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        tally = await issue_due_credentials(engine, settings, datetime.now(UTC))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert tally.issued == owed
    return statements


async def test_a_batch_costs_the_same_statements_however_many_it_issues(
    engine: AsyncEngine, settings: Settings
) -> None:
    await _statements_to_issue(engine, settings, 1)  # keys and status lists made
    one = await _statements_to_issue(engine, settings, 1)
    many = batch_size(settings)
    full = await _statements_to_issue(engine, settings, many)
    # Only the chunked writes (two inserts per chunk of signed credentials) grow with the
    # batch; issuing one at a time took about fifty statements per credential.
    assert full - one <= 2 * (math.ceil(many / CHUNK) - 1)
    assert one <= 40


async def test_two_passes_of_one_learner_in_one_batch_issue_then_renew(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine, validity_days=365)
    first = await pass_attempt(engine, programme, number=1)
    second = await pass_attempt(engine, programme, number=2)
    now = datetime.now(UTC).replace(microsecond=0)

    tally = await issue_due_credentials(engine, settings, now)
    assert (tally.due, tally.issued, tally.skipped) == (2, 1, 1)
    (issued,) = await all_credentials(engine)
    assert issued.attempt_id == first and issued.version == 1

    later = now + timedelta(seconds=5)
    assert (await issue_due_credentials(engine, settings, later)).issued == 1
    (renewed,) = await all_credentials(engine)
    assert issued.valid_until is not None
    assert renewed.public_id == issued.public_id and renewed.version == 2
    assert renewed.valid_until == issued.valid_until + timedelta(days=365)
    async with transaction(engine) as session:
        versions = (
            await session.scalars(
                select(CredentialVersionRow).order_by(CredentialVersionRow.version)
            )
        ).all()
    assert [(v.attempt_id, v.superseded_at) for v in versions] == [(first, later), (second, None)]


async def test_one_batch_fills_lists_in_order_with_unique_slots(
    engine: AsyncEngine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_lists, "FILL_LIMIT", 3 / status_lists.LIST_SIZE)
    programme = await make_programme(engine)
    for n in range(8):
        await pass_attempt(engine, programme, learner_id=f"slot-{n}")
    assert (await issue_due_credentials(engine, settings, datetime.now(UTC))).issued == 8
    rows = await all_credentials(engine)
    per_list = sorted(row.status_list_number for row in rows)
    assert per_list == [1, 1, 1, 2, 2, 2, 3, 3]
    assert len({(row.status_list_number, row.status_index) for row in rows}) == 8
    for row in rows:
        status = row.document["credentialStatus"]
        assert status["statusListCredential"].endswith(f"/revocation/{row.status_list_number}")
        assert status["statusListIndex"] == str(row.status_index)
    async with transaction(engine) as session:
        lists = (await session.execute(select(StatusListRow.purpose, StatusListRow.number))).all()
    assert sorted(lists) == sorted(
        (purpose, number) for purpose in ("revocation", "suspension") for number in (1, 2, 3)
    )


async def test_coverage_is_announced_per_credential_with_the_counts_after_the_batch(
    engine: AsyncEngine, settings: Settings
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with transaction(engine) as session:
        account = await accounts.create_account(
            session, AccountCreate(name="Batchco", external_id="crm-batchco")
        )
        for learner in ("member-1", "member-2"):
            await accounts.set_membership(
                session, learner, account.id, "analyst", now=now, by="csm"
            )
    programme = await make_programme(engine)
    for learner in ("member-1", "member-2", "loner"):
        await pass_attempt(engine, programme, learner_id=learner, learner_name=learner.title())
    assert (await issue_due_credentials(engine, settings, now)).issued == 3

    async with transaction(engine) as session:
        rows = (
            await session.scalars(select(WebhookEventRow).where(WebhookEventRow.occurred_at == now))
        ).all()
    issued = {
        row.payload["data"]["learner"]["id"]: row.payload["data"]
        for row in rows
        if row.event_type == "credential.issued"
    }
    assert set(issued) == {"member-1", "member-2", "loner"}
    assert issued["member-1"]["account"]["externalId"] == "crm-batchco"
    assert issued["member-1"]["account"]["jobRole"] == "analyst"
    assert issued["loner"]["account"] is None
    assert issued["member-2"]["learner"]["name"] == "Member-2"
    coverage = [
        row.payload["data"]
        for row in rows
        if row.event_type == "account.coverage_changed"
        and row.payload["data"]["change"] == "credential.issued"
    ]
    assert sorted(data["learner"]["id"] for data in coverage) == ["member-1", "member-2"]
    for data in coverage:
        (line,) = data["coverage"]
        assert line["current"] == 2


async def test_the_worker_drains_more_than_one_batch_in_a_round(
    engine: AsyncEngine, settings: Settings
) -> None:
    owed = batch_size(settings) + 5
    programme = await make_programme(engine)
    for n in range(owed):
        await pass_attempt(engine, programme, learner_id=f"drained-{n}")
    await drain(engine, settings)
    assert len(await all_credentials(engine)) == owed


def _lowest_free(used: set[int], size: int, count: int, _rng: object) -> list[int]:
    """A draw two rounds that cannot see each other would both make."""
    return [index for index in range(size) if index not in used][:count]


async def test_two_rounds_of_one_process_never_draw_the_same_slot(
    engine: AsyncEngine,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(status_lists, "allocate_indexes", _lowest_free)
    programme = await make_programme(engine)
    await pass_attempt(engine, programme, learner_id="side-by-side-first")
    # Lists and keys exist first: a round creating a list waits for the other's commit,
    # which would hide the race this test is about.
    assert (await issue_due_credentials(engine, settings, datetime.now(UTC))).issued == 1
    for n in range(32):
        await pass_attempt(engine, programme, learner_id=f"side-by-side-{n}")
    caplog.set_level(logging.INFO, logger="accredo.credentials")
    now = datetime.now(UTC)
    rounds = await asyncio.gather(
        *(issue_due_credentials(engine, settings, now, limit=16) for _ in range(2))
    )
    assert sum(tally.issued for tally in rounds) == 32
    assert "raced another writer" not in caplog.text, "a round signed its batch twice"
    rows = await all_credentials(engine)
    assert len({row.status_index for row in rows}) == 33


async def test_an_app_without_the_issuer_leaves_the_outbox_to_others(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme, learner_id="left-for-others")
    quiet = dataclasses.replace(settings, credential_worker=False)
    async with AsyncTestClient(app=create_app(quiet)) as client:
        assert (await client.get("/health")).status_code == 200
        await asyncio.sleep(POLL_SECONDS * 1.5)  # a running issuer would have had its round
    assert await all_credentials(engine) == []
    assert (await issue_due_credentials(engine, settings, datetime.now(UTC))).issued == 1
