"""The active-item list a start draws from is kept per bank and tiers, and never outlives a
change to the bank: a retired, revised or reactivated item is seen by the next start.

`service.exams.candidates.active_items` reuses its last list while the bank's
``items_version`` is the one it was kept for, or else when the bank's current active revision
ids read now are exactly those it was built from. These tests read as a start does (the
version, then the list, in one transaction), change the bank through the API between reads,
and compare with what the database holds: a write of items that did not raise the version
would leave the kept list standing.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.auth.roles import Role
from service.db.models import BankRow, ItemRevisionRow, ItemRow
from service.db.session import transaction
from service.exams import candidates
from service.exams.candidates import active_items
from tests.support.bank_files import as_yaml, make_document

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
TIERS = ["practitioner"]


async def _listed(engine: AsyncEngine, bank_id: UUID) -> list[str]:
    async with transaction(engine) as session:
        version = await session.scalar(select(BankRow.items_version).where(BankRow.id == bank_id))
        listed = await active_items(session, bank_id, TIERS, items_version=version)
        return [item.candidate.revision_id for item in listed]


@contextmanager
def _statements_containing(engine: AsyncEngine, fragment: str) -> Iterator[list[str]]:
    """The statements the engine sends meanwhile that contain ``fragment``."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if fragment in statement:
            seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _in_database(engine: AsyncEngine, bank_id: UUID) -> list[str]:
    """The active items' current revisions, by external id, read without the kept list."""
    async with transaction(engine) as session:
        rows = await session.scalars(
            select(ItemRevisionRow.id)
            .join(
                ItemRow,
                (ItemRevisionRow.item_id == ItemRow.id)
                & (ItemRevisionRow.number == ItemRow.current_revision),
            )
            .where(ItemRow.bank_id == bank_id, ItemRow.status == "active")
            .order_by(ItemRow.external_id)
        )
        return [str(revision_id) for revision_id in rows.all()]


async def _reimport(
    client: Client, author: dict[str, str], bank_id: UUID, document: dict[str, Any]
) -> dict[str, Any]:
    answer = await client.post(
        f"/banks/{bank_id}/imports",
        content=as_yaml(document),
        headers={**author, "Content-Type": "application/yaml"},
    )
    assert answer.status_code == 201, answer.text
    report: dict[str, Any] = answer.json()
    return report


async def _imported_bank(
    client: Client, author: dict[str, str], name: str, document: dict[str, Any]
) -> UUID:
    """A new bank holding ``document``'s items, imported through the API."""
    bank = (await client.post("/banks", json={"name": name}, headers=author)).json()
    imported = await client.post(
        f"/banks/{bank['id']}/imports",
        content=as_yaml(document),
        headers={**author, "Content-Type": "application/yaml"},
    )
    assert imported.status_code == 201, imported.text
    return UUID(bank["id"])


async def test_a_change_to_the_bank_is_in_the_next_list(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    author = auth_header(Role.AUTHOR)
    document = make_document(6)
    bank_id = await _imported_bank(client, author, "Kept", document)
    first = await _listed(db_engine, bank_id)
    assert first == await _in_database(db_engine, bank_id)
    assert len(first) == 6
    assert await _listed(db_engine, bank_id) == first  # unchanged: the kept list

    retired = await client.post(f"/banks/{bank_id}/items/Q-00003/retire", headers=author)
    assert retired.status_code == 200, retired.text
    after_retiring = await _listed(db_engine, bank_id)
    assert after_retiring == await _in_database(db_engine, bank_id)
    assert after_retiring == [first[0], first[1], *first[3:]]

    item = copy.deepcopy(document["items"][1])
    item["options"][3]["text"] = "A much better distractor"
    revised = await client.put(f"/banks/{bank_id}/items/Q-00002", json=item, headers=author)
    assert revised.status_code == 200, revised.text
    document["items"][1] = item  # the file as the bank now holds it
    after_revising = await _listed(db_engine, bank_id)
    assert after_revising == await _in_database(db_engine, bank_id)
    assert first[1] not in after_revising and len(after_revising) == 5

    back = await client.post(f"/banks/{bank_id}/items/Q-00003/reactivate", headers=author)
    assert back.status_code == 200, back.text
    after_reactivating = await _listed(db_engine, bank_id)
    assert after_reactivating == await _in_database(db_engine, bank_id)
    assert first[2] in after_reactivating and len(after_reactivating) == 6

    document["items"][4]["status"] = "retired"
    report = await _reimport(client, author, bank_id, document)
    assert (report["revised"], report["stateChanged"]) == (0, 1)  # a status change only
    after_retiring_by_file = await _listed(db_engine, bank_id)
    assert after_retiring_by_file == await _in_database(db_engine, bank_id)
    assert first[4] not in after_retiring_by_file and len(after_retiring_by_file) == 5

    document["items"].append(make_document(7)["items"][6])
    report = await _reimport(client, author, bank_id, document)
    assert (report["created"], report["revised"], report["stateChanged"]) == (1, 0, 0)
    after_adding = await _listed(db_engine, bank_id)
    assert after_adding == await _in_database(db_engine, bank_id)
    assert len(after_adding) == 6


async def test_a_write_that_skips_the_version_is_seen_within_the_trusted_time(
    client: Client, auth_header: Headers, db_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write of items that does not raise the version (an older worker, SQL by hand) leaves
    the kept list standing only while it is trusted on its version."""
    author = auth_header(Role.AUTHOR)
    bank_id = await _imported_bank(client, author, "Bypassed", make_document(4))
    first = await _listed(db_engine, bank_id)
    async with transaction(db_engine) as session:
        await session.execute(
            update(ItemRow)
            .where(ItemRow.bank_id == bank_id, ItemRow.external_id == "Q-00002")
            .values(status="retired")
        )
    assert await _listed(db_engine, bank_id) == first  # trusted on its version
    monkeypatch.setattr(candidates, "VERSION_TRUSTED_SECONDS", 0.0)
    after = await _listed(db_engine, bank_id)
    assert after == await _in_database(db_engine, bank_id)
    assert first[1] not in after and len(after) == 3


async def test_an_unchanged_bank_is_not_read_again(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    """Under the version the list was kept for, a start reads no revision ids at all; an
    import that changes nothing keeps the version."""
    author = auth_header(Role.AUTHOR)
    document = make_document(5)
    bank_id = await _imported_bank(client, author, "Still", document)
    first = await _listed(db_engine, bank_id)
    await _reimport(client, author, bank_id, document)
    with _statements_containing(db_engine, "FROM item_revisions") as id_reads:
        assert await _listed(db_engine, bank_id) == first
    assert id_reads == []


async def test_the_list_is_kept_per_tier(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await _imported_bank(client, author, "Tiers", make_document(4))
    assert len(await _listed(db_engine, bank_id)) == 4
    async with transaction(db_engine) as session:
        assert await active_items(session, bank_id, ["expert"]) == []


async def test_concurrent_starts_of_a_new_bank_read_its_items_once(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    """A launch: every start finds the list missing; one reads and decodes the items, the
    others wait for it (each on its own session, as requests are)."""
    author = auth_header(Role.AUTHOR)
    bank_id = await _imported_bank(client, author, "Launch", make_document(6))
    with _statements_containing(db_engine, "item_revisions.content") as content_reads:
        lists = await asyncio.gather(*(_listed(db_engine, bank_id) for _ in range(6)))
    assert len(content_reads) == 1
    assert lists == [await _in_database(db_engine, bank_id)] * 6
