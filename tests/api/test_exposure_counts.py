"""Exposure counts steer each start to the least delivered items, in a burst and across processes.

A start reads the counts through `service.attempts.exposure` (the database's count at most a
second old, plus this process's own deliveries), so the tests check both halves: starts in
one process see each other at once, and another process's deliveries appear once its cached
read is older than the refresh interval.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.attempts import services
from service.attempts.exposure import ExposureCounts
from service.auth.roles import Role
from service.db.models import ItemRevisionRow, ItemRow, ResponseRow
from tests.support.exam_setup import build_exam, start_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def _delivered(session: AsyncSession, attempt_id: object) -> set[str]:
    rows = await session.scalars(
        select(ResponseRow.revision_id).where(ResponseRow.attempt_id == UUID(str(attempt_id)))
    )
    return {str(revision_id) for revision_id in rows}


async def test_back_to_back_starts_spread_over_the_bank(
    client: Client, auth_header: Headers, db_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # counts read once and never again: the spread can only come from the process's own adds
    counts = ExposureCounts(refresh_seconds=3600.0, monotonic=lambda: 0.0)
    monkeypatch.setattr(services, "exposure_counts", counts)
    # 40 items, 6 per form: each form can avoid every item delivered before it
    setup = await build_exam(client, auth_header, items=40)
    forms = []
    for learner in range(3):
        attempt = await start_attempt(
            client, setup.exam_id, auth_header(Role.LEARNER, subject=f"l-{learner}")
        )
        async with AsyncSession(db_engine) as session:
            forms.append(await _delivered(session, attempt["id"]))
    assert all(len(form) == 6 for form in forms)
    assert not forms[0] & forms[1] and not forms[2] & (forms[0] | forms[1])


async def test_another_process_sees_deliveries_after_the_refresh_interval(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    setup = await build_exam(client, auth_header, items=40)
    exam_id = UUID(setup.exam_id)
    now = [100.0]
    other_process = ExposureCounts(refresh_seconds=1.0, monotonic=lambda: now[0])
    first = await start_attempt(client, setup.exam_id, auth_header(Role.LEARNER, subject="l-1"))
    async with AsyncSession(db_engine) as session:
        bank = await session.scalars(
            select(ItemRevisionRow.id)
            .join(ItemRow, ItemRow.id == ItemRevisionRow.item_id)
            .where(ItemRow.bank_id == UUID(setup.bank_id))
        )
        revisions = [str(revision_id) for revision_id in bank]
        first_form = await _delivered(session, first["id"])
        counts = await other_process.read(session, exam_id, revisions)
        assert counts == {r: int(r in first_form) for r in revisions}
        counts[revisions[0]] = 99  # the caller's copy
        assert (await other_process.read(session, exam_id, revisions))[revisions[0]] != 99

    second = await start_attempt(client, setup.exam_id, auth_header(Role.LEARNER, subject="l-2"))
    async with AsyncSession(db_engine) as session:
        second_form = await _delivered(session, second["id"])
        now[0] += 0.5
        stale = await other_process.read(session, exam_id, revisions)
        assert stale == {r: int(r in first_form) for r in revisions}
        now[0] += 0.6
        fresh = await other_process.read(session, exam_id, revisions)
        assert fresh == {r: int(r in first_form) + int(r in second_form) for r in revisions}

        other_process.add_form(exam_id, sorted(first_form))
        counted = await other_process.read(session, exam_id, revisions)
        assert counted == {r: 2 * int(r in first_form) + int(r in second_form) for r in revisions}


async def test_a_revision_the_counts_have_not_seen_makes_them_read_again(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    setup = await build_exam(client, auth_header, items=40)
    exam_id = UUID(setup.exam_id)
    other_process = ExposureCounts(refresh_seconds=3600.0, monotonic=lambda: 0.0)
    first = await start_attempt(client, setup.exam_id, auth_header(Role.LEARNER, subject="l-1"))
    async with AsyncSession(db_engine) as session:
        first_form = sorted(await _delivered(session, first["id"]))
        assert await other_process.read(session, exam_id, first_form[:3]) == dict.fromkeys(
            first_form[:3], 1
        )
        # within the interval, yet three ids it never read: read again, all six counted
        assert await other_process.read(session, exam_id, first_form) == dict.fromkeys(
            first_form, 1
        )
