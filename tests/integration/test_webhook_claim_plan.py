"""The worker's claim is served by the partial index of pending deliveries on both databases.

With many deliveries made and a few pending, the planner must read the pending rows of one
endpoint from ``ix_webhook_deliveries_pending`` in claim order, never scan the table (the
table keeps every delivery ever made; a scan's cost would grow with history), and check
the per-credential order of each candidate by index, not by hashing the whole table.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from service.db.models import WebhookDeliveryRow, WebhookEventRow
from service.db.session import transaction
from service.settings import Settings
from service.webhooks.services import EndpointInput, create_endpoint
from service.webhooks.states import DeliveryState
from service.webhooks.store import claim_statement, new_event_id

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
MADE = 20_000
PENDING_EVERY = 40


async def _history(engine: AsyncEngine, endpoint_id: UUID) -> None:
    """MADE deliveries to the endpoint, one in PENDING_EVERY still pending."""
    events, deliveries = [], []
    for number in range(MADE):
        event_id = new_event_id()
        at = NOW - timedelta(seconds=MADE - number)
        key = f"account:acct-{number % 500}"
        events.append(
            {"id": event_id, "event_type": "x", "occurred_at": at, "order_key": key, "payload": {}}
        )
        pending = number % PENDING_EVERY == 0
        deliveries.append(
            {
                "id": new_event_id(),
                "event_id": event_id,
                "endpoint_id": endpoint_id,
                "order_key": key,
                "occurred_at": at,
                "state": (DeliveryState.PENDING if pending else DeliveryState.DELIVERED).value,
                "attempts": 0 if pending else 1,
                "next_attempt_at": at,
            }
        )
    async with transaction(engine) as session:
        await session.execute(insert(WebhookEventRow), events)
        await session.execute(insert(WebhookDeliveryRow), deliveries)


async def test_the_claim_reads_the_pending_index_and_scans_no_table(
    db_engine: AsyncEngine, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, webhooks_allow_loopback=True)
    async with transaction(db_engine) as session:
        endpoint, _ = await create_endpoint(
            session,
            settings,
            EndpointInput(url="http://127.0.0.1:9/hooks", event_types=["x"]),
            None,
        )
    await _history(db_engine, endpoint.id)
    async with db_engine.connect() as connection:
        dialect = connection.dialect.name
        await connection.execute(text("ANALYZE"))
        prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "

        plan_rows: list[Any] = []

        def explained(*args: Any) -> tuple[str, Any]:
            statement, parameters = args[2], args[3]
            return prefix + statement, parameters

        def keep_plan(*args: Any) -> None:
            plan_rows.extend(args[1].fetchall())  # the cursor: the plan, before any row typing

        sync = connection.sync_connection
        assert sync is not None
        event.listen(sync, "before_cursor_execute", explained, retval=True)
        event.listen(sync, "after_cursor_execute", keep_plan)
        try:
            await connection.execute(claim_statement(endpoint.id, NOW, 32))
        finally:
            event.remove(sync, "before_cursor_execute", explained)
            event.remove(sync, "after_cursor_execute", keep_plan)
        plan = "\n".join(" ".join(str(cell) for cell in row) for row in plan_rows)
    assert "ix_webhook_deliveries_pending" in plan, plan
    if dialect == "sqlite":
        assert "SCAN webhook_deliveries" not in plan, plan
    else:
        assert "Seq Scan on webhook_deliveries" not in plan, plan
