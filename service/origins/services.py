"""``accredo issuer move``: record the public base URL being left as a previous origin.

Recording is all the move does to the database. The operator then sets
``ACCREDO_PUBLIC_BASE_URL`` to the new URL, restarts, and keeps the old DNS name pointing at
this server: requests under the old origin get documents naming the old URLs
(`service.origins.serving`), and our verifiers place old URLs (`service.credentials.verifying`).
Running the move again (before or after the switch) changes nothing and says so.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from service.origins import store
from service.origins.errors import MoveRefused
from service.origins.rules import MovePlan, Recorded, move_problems, plan_move


async def move_issuer(
    session: AsyncSession, current: str, to: str, now: datetime
) -> tuple[MovePlan, list[store.PreviousOrigin]]:
    """Record ``current`` as moved to ``to``; returns the plan carried out and the origins
    recorded afterwards. Raises `MoveRefused` naming every problem."""
    known = await store.previous_origins(session)
    recorded = [Recorded(row.origin, row.moved_to) for row in known]
    problems = move_problems(current, to, recorded)
    if problems:
        raise MoveRefused(problems)
    plan = plan_move(current.rstrip("/"), to.rstrip("/"), recorded)
    if plan.kind in ("record", "retarget"):
        await store.record(session, plan.origin, plan.to, now)
    return plan, await store.previous_origins(session)
