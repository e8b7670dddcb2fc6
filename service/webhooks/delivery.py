"""Claim an endpoint's due deliveries under a lease, and record what each try gave.

Claiming and recording are short transactions of their own, each for a batch (one claim for
as many deliveries as the endpoint has free slots, one recording for every try that finished
meanwhile, each try keeping its own log row); the HTTP calls happen between them with no
transaction open, so a slow receiver holds no lock and no connection. A worker
that dies after claiming leaves leases that run out (``RetryPolicy.lease``); another worker
then claims the same rows. A result recorded after the lease was lost is still recorded:
delivery is at least once, and the event id lets the receiver drop the copy.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine

from service.db.session import transaction
from service.webhooks import store
from service.webhooks.retry import RetryPolicy
from service.webhooks.sending import Sent
from service.webhooks.signing_secrets import unseal
from service.webhooks.states import DeliveryState

logger = logging.getLogger("accredo.webhooks")


@dataclass(frozen=True)
class Batch:
    """Deliveries of one endpoint leased to this worker, with the endpoint's URL and secret."""

    endpoint_id: UUID
    url: str
    secret: str
    items: list[store.Claimed]


async def claim_batch(
    engine: AsyncEngine,
    secret_key: str,
    endpoint_id: UUID,
    now: datetime,
    policy: RetryPolicy,
    owner: str,
    limit: int,
) -> Batch | None:
    async with transaction(engine) as session:
        endpoint = await store.endpoint_row(session, endpoint_id)
        if endpoint is None or not endpoint.active:
            return None
        items = await store.claim(session, endpoint_id, now, now + policy.lease, owner, limit)
        if not items:
            return None
        secret = unseal(secret_key, endpoint.id, endpoint.secret_encrypted)
        return Batch(endpoint_id=endpoint.id, url=endpoint.url, secret=secret, items=items)


def _disable_reason(failures: int, since: datetime, sent: Sent) -> str:
    last = f"HTTP {sent.status_code}" if sent.status_code is not None else (sent.error or "")
    return (
        f"disabled after {failures} failed deliveries in a row since {since.isoformat()}; "
        f"last: {last}"
    )


async def record_results(
    engine: AsyncEngine,
    endpoint_id: UUID,
    results: Sequence[tuple[store.Claimed, Sent]],
    now: datetime,
    policy: RetryPolicy,
) -> None:
    """Log every try; mark successes delivered, schedule or give up failures, and count the
    endpoint's failures in a row (a success resets them; enough disable it). One
    transaction for all ``results`` of the endpoint, in the order the tries finished."""
    async with transaction(engine) as session:
        endpoint = await store.endpoint_row(session, endpoint_id)
        rows = await store.delivery_rows(session, [item.delivery_id for item, _ in results])
        for item, sent in results:
            store.log_attempt(
                session,
                item.delivery_id,
                now,
                sent.status_code,
                sent.latency_ms,
                sent.excerpt,
                sent.error,
            )
            row = rows.get(item.delivery_id)
            if row is None:
                continue
            row.attempts += 1
            row.last_status = sent.status_code
            row.last_error = sent.error
            row.lease_until = None
            row.lease_owner = None
            if sent.ok:
                row.state = DeliveryState.DELIVERED
                row.delivered_at = now
            elif row.state == DeliveryState.PENDING:
                first = row.first_attempt_at or now
                if now - first >= policy.give_up_after:
                    row.state = DeliveryState.FAILED
                    logger.warning(
                        "gave up delivering event %s to endpoint %s", item.event_id, endpoint_id
                    )
                else:
                    row.next_attempt_at = now + policy.delay(row.attempts)
            if endpoint is None:
                continue
            if sent.ok:
                endpoint.consecutive_failures = 0
                endpoint.failing_since = None
                continue
            endpoint.consecutive_failures += 1
            endpoint.failing_since = endpoint.failing_since or now
            if (
                endpoint.active
                and endpoint.consecutive_failures >= policy.disable_min_failures
                and now - endpoint.failing_since >= policy.disable_after
            ):
                endpoint.active = False
                endpoint.disabled_at = now
                endpoint.disabled_reason = _disable_reason(
                    endpoint.consecutive_failures, endpoint.failing_since, sent
                )
                logger.warning("webhook endpoint %s: %s", endpoint.id, endpoint.disabled_reason)
