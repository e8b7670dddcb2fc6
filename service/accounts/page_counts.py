"""Views of the public credential page and LinkedIn-button clicks, counted without personal data.

A public read must stay fast, so counting is an in-memory increment (`PageCounter.add`) keyed
by certification, UTC day and kind; a background round adds the counts to
``public_page_counts`` every few seconds in one transaction (an upsert, so many app processes
add to the same rows). Nothing about the visitor is kept: no address, agent, credential or
time finer than the day. Counts of a failed flush go back into the counter for the next round;
a final flush runs at shutdown. A crash loses at most the last few seconds of counts.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from litestar import Litestar
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.background import periodic
from service.db.models import PublicPageCountRow
from service.db.session import transaction

Kind = Literal["view", "linkedin_add", "linkedin_share"]
STATE_KEY = "page_counter"
FLUSH_SECONDS = 10.0
logger = logging.getLogger("accredo.accounts.page_counts")


class PageCounter:
    """Counts waiting to be written; one per app process."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[UUID, date, str]] = Counter()

    def add(self, certification_id: UUID, moment: datetime, kind: Kind) -> None:
        self._counts[(certification_id, moment.date(), kind)] += 1

    def drain(self) -> Counter[tuple[UUID, date, str]]:
        drained, self._counts = self._counts, Counter()
        return drained

    def restore(self, counts: Counter[tuple[UUID, date, str]]) -> None:
        self._counts.update(counts)


def count(app: Litestar, certification_id: UUID, moment: datetime, kind: Kind) -> None:
    """The hook public routes call: one dictionary increment, no I/O."""
    counter = app.state.get(STATE_KEY)
    if isinstance(counter, PageCounter):
        counter.add(certification_id, moment, kind)


async def _add_counts(session: AsyncSession, counts: Counter[tuple[UUID, date, str]]) -> None:
    table = PublicPageCountRow.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for (certification_id, day, kind), added in sorted(counts.items(), key=str):
        statement = insert(PublicPageCountRow).values(
            certification_id=certification_id, day=day, kind=kind, count=added
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["certification_id", "day", "kind"],
                set_={"count": table.c.count + statement.excluded.count},
            )
        )


async def flush(engine: AsyncEngine, counter: PageCounter) -> int:
    """Write the waiting counts; returns how many were written (0 when none waited)."""
    counts = counter.drain()
    if not counts:
        return 0
    try:
        async with transaction(engine) as session:
            await _add_counts(session, counts)
    except BaseException:
        counter.restore(counts)
        raise
    return sum(counts.values())


async def flush_app(app: Litestar) -> int:
    counter = app.state.get(STATE_KEY)
    if not isinstance(counter, PageCounter):
        return 0
    return await flush(app.state.engine, counter)


async def _tick(app: Litestar) -> None:
    await flush_app(app)


_rounds = periodic(_tick, every=lambda app: FLUSH_SECONDS, logger=logger)


@contextlib.asynccontextmanager
async def page_counting(app: Litestar) -> AsyncIterator[None]:
    """Lifespan: a counter for the app, flushed every few seconds and once at shutdown."""
    app.state[STATE_KEY] = PageCounter()
    async with _rounds(app):
        yield
    try:
        await flush_app(app)
    except Exception:
        logger.exception("the last page counts could not be written")
