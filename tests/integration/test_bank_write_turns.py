"""Writers of one bank's items take turns on the bank row (`service.bank.store
.lock_for_item_writes`), on both databases: the second plans from what the first committed.

Without the turn, an import that read the items while another was still open planned the
same revision number and failed on the unique constraint once the other committed."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from itembank.importing import BankFormat, ParsedBank, parse_bank_file
from service.bank import services
from service.db.engine import create_engine
from service.db.models import ItemRevisionRow, ItemRow
from service.settings import Settings
from tests.support.bank_files import make_document


def _parsed(document: dict[str, Any]) -> ParsedBank:
    return parse_bank_file(json.dumps(document).encode(), BankFormat.JSON, 10**7)


def _with_stem(document: dict[str, Any], stem: str) -> ParsedBank:
    changed = copy.deepcopy(document)
    changed["items"][0]["stem"] = stem
    return _parsed(changed)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.database_url, pool_size=3)
    yield engine
    await engine.dispose()


async def _import(session: AsyncSession, bank_id: UUID, parsed: ParsedBank) -> int:
    bank = await services.get_bank(session, bank_id)
    return (await services.import_bank(session, bank, parsed, actor="writer-2")).revised


async def test_an_import_waits_for_the_open_one_and_plans_from_its_result(
    engine: AsyncEngine,
) -> None:
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    document = make_document(3)
    async with sessions() as session, session.begin():
        bank = await services.create_bank(session, name="Turns", description="", actor="a")
        await services.import_bank(session, bank, _parsed(document), actor="a")
    async with sessions() as first, sessions() as second:
        await first.begin()
        assert await _import(first, bank.id, _with_stem(document, "Revised first")) == 1
        waiting = asyncio.create_task(
            _import(second, bank.id, _with_stem(document, "Revised second"))
        )
        await asyncio.sleep(0.5)
        assert not waiting.done()  # its turn comes when the first commits
        await first.commit()
        assert await asyncio.wait_for(waiting, 30) == 1
        await second.commit()
    async with sessions() as session:
        numbers = await session.scalars(
            select(ItemRevisionRow.number)
            .join(ItemRow, ItemRow.id == ItemRevisionRow.item_id)
            .where(ItemRow.bank_id == bank.id, ItemRow.external_id == "Q-00001")
            .order_by(ItemRevisionRow.number)
        )
        assert list(numbers) == [1, 2, 3]
