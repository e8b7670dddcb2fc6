"""The functions other areas call: the account block of event payloads, and coverage changes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.accounts import services
from service.accounts.coverage_services import coverage_changes, coverage_snapshot
from service.accounts.errors import ExternalIdTaken
from service.accounts.schemas import AccountCreate
from service.auth.roles import Role
from service.auth.tokens import Principal
from service.db.models import WebhookEventRow
from service.db.session import transaction
from service.settings import Settings
from service.webhooks.emit import coverage_lines
from tests.support.account_scenario import DAY, HOUR, T0, build_scenario
from tests.support.credential_fixtures import engine_for

RACES = 6


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def test_account_block_names_the_earning_account_and_the_current_one(
    engine: AsyncEngine, settings: Settings
) -> None:
    scenario = await build_scenario(engine, settings)
    async with transaction(engine) as session:
        block = await services.account_block(session, "a1")
        assert block is not None
        assert (block.external_id, block.name, block.job_role) == ("crm-acme", "Acme", "analyst")
        assert await services.account_block(session, "z") is None
        await services.set_membership(
            session, "a1", scenario.globex, "lead", now=T0 + 101 * DAY, by="csm"
        )
        earned = await services.account_block(session, "a1", scenario.acme)
        current = await services.account_block(session, "a1")
    assert earned is not None and (earned.external_id, earned.job_role) == ("crm-acme", None)
    assert current is not None and (current.external_id, current.job_role) == ("crm-globex", "lead")


async def test_coverage_changes_are_empty_unless_coverage_moved(
    engine: AsyncEngine, settings: Settings
) -> None:
    scenario = await build_scenario(engine, settings)
    now = T0 + 100 * DAY
    async with transaction(engine) as session:
        before = await coverage_snapshot(session, scenario.acme, now=now)
        assert (
            coverage_changes(before, await coverage_snapshot(session, scenario.acme, now=now)) == {}
        )
        await services.set_membership(session, "a3", scenario.globex, "admin", now=now, by="csm")
        after = await coverage_snapshot(session, scenario.acme, now=now)
    changes = coverage_changes(before, after)
    assert changes["learners"] == {"before": 4, "after": 3}
    assert changes["missing"] == {
        "before": (("admin", 1), ("analyst", 0)),
        "after": (("analyst", 0),),
    }
    assert "certified_learners" not in changes
    async with transaction(engine) as session:
        later = await coverage_snapshot(session, scenario.acme, now=T0 + 110 * DAY + 2 * HOUR)
    # a1's Practitioner credential ended at T0+110d+1h; a1 still holds Foundation F.
    expired = coverage_changes(after, later)
    assert "certified_learners" not in expired
    assert dict(expired["tiers"]["before"])["practitioner"] == 2  # type: ignore[index]
    assert dict(expired["tiers"]["after"])["practitioner"] == 1  # type: ignore[index]


async def test_concurrent_first_uses_place_a_learner_once(
    engine: AsyncEngine, settings: Settings
) -> None:
    async with transaction(engine) as session:
        account = await services.create_account(
            session, AccountCreate(name="Racy", external_id="crm-racy")
        )
    principal = Principal(subject="racer", roles=frozenset({Role.LEARNER}), account="crm-racy")

    async def first_use() -> bool:
        async with transaction(engine) as session:
            return await services.place_on_first_use(session, principal, T0)

    placed = await asyncio.gather(*(first_use() for _ in range(RACES)))
    assert placed.count(True) == 1
    async with transaction(engine) as session:
        current, moves = await services.membership_history(session, "racer")
    assert current is not None and current.account_id == account.id
    assert len(moves) == 1


async def test_concurrent_creates_of_one_external_id_make_one_account(
    engine: AsyncEngine, settings: Settings
) -> None:
    async def create() -> str:
        try:
            async with transaction(engine) as session:
                await services.create_account(
                    session, AccountCreate(name="Twin", external_id="crm-twin")
                )
        except ExternalIdTaken:
            return "taken"
        return "created"

    outcomes = await asyncio.gather(*(create() for _ in range(RACES)))
    assert sorted(outcomes) == ["created"] + ["taken"] * (RACES - 1)


async def _coverage_events(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with transaction(engine) as session:
        rows = (
            await session.scalars(
                select(WebhookEventRow)
                .where(WebhookEventRow.event_type == "account.coverage_changed")
                .order_by(WebhookEventRow.occurred_at, WebhookEventRow.id)
            )
        ).all()
    return [row.payload["data"] for row in rows]


async def test_coverage_changes_are_announced_with_the_counts_after_them(
    engine: AsyncEngine, settings: Settings
) -> None:
    scenario = await build_scenario(engine, settings)
    events = await _coverage_events(engine)
    changes = [(e["account"]["externalId"], e["change"], e["learner"]["id"]) for e in events]
    joined = {
        (account, learner) for account, change, learner in changes if change == "member.joined"
    }
    assert joined == {
        ("crm-acme", "a1"),
        ("crm-acme", "a2"),
        ("crm-acme", "a3"),
        ("crm-acme", "a4"),
        ("crm-globex", "b1"),
    }
    issued = sorted(learner for _, change, learner in changes if change == "credential.issued")
    assert issued == ["a1", "a1", "a2", "a4", "b1"]  # z's pass has no account to announce
    assert ("crm-acme", "credential.revoked", "a4") in changes
    assert all(learner != "z" for _, _, learner in changes)

    revoked = next(e for e in events if e["change"] == "credential.revoked")
    foundation = next(
        line
        for line in revoked["coverage"]
        if line["certification"]["id"] == str(scenario.foundation)
    )
    assert (foundation["current"], foundation["revoked"]) == (1, 1)  # a1 holds it, a4 lost it

    async with transaction(engine) as session:
        await services.set_membership(session, "a1", scenario.globex, "analyst", now=T0, by="admin")
    seen = {e["eventId"] for e in events}
    moved = [e for e in await _coverage_events(engine) if e["eventId"] not in seen]
    assert [(e["account"]["externalId"], e["change"]) for e in moved] == [
        ("crm-acme", "member.left"),
        ("crm-globex", "member.joined"),
    ]
    async with transaction(engine) as session:
        expected = await coverage_lines(session, scenario.globex, T0)
    assert moved[1]["coverage"] == msgspec.to_builtins(expected[1])
