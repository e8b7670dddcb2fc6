"""Program measures use case: one certification, a tier or all, optionally one account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import measures_store, store
from service.accounts.errors import MeasuresRangeRejected, ProgramNotFound
from service.accounts.measures import Measures, Window, compute_measures
from service.accounts.measures_store import ProgramRef
from service.accounts.store import AccountRecord
from service.errors import Problem

MAX_RANGE_DAYS = 3_660
DEFAULT_RANGE_DAYS = 365
EARLIEST, LATEST = date(1970, 1, 1), date(9000, 12, 31)
"""Days a range may name: wide enough for any program, far from the calendar's ends."""


@dataclass(frozen=True)
class ProgramMeasure:
    program: ProgramRef
    measures: Measures
    page_views: int
    linkedin_clicks: int


@dataclass(frozen=True)
class ProgramReport:
    since: date
    until: date
    account: AccountRecord | None
    tier: str | None
    computed_at: datetime
    programs: list[ProgramMeasure]


def date_range(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """The asked days, ``until`` included; the last 365 days up to today by default."""
    problems = [
        Problem(f"must be between {EARLIEST} and {LATEST}", field)
        for field, day in (("since", since), ("until", until))
        if day is not None and not EARLIEST <= day <= LATEST
    ]
    if problems:
        raise MeasuresRangeRejected(problems)
    last = until or today
    first = since or last - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if first > last:
        problems.append(Problem("must not be after `until`", "since"))
    elif (last - first).days + 1 > MAX_RANGE_DAYS:
        problems.append(Problem(f"the range must span at most {MAX_RANGE_DAYS} days", "since"))
    if problems:
        raise MeasuresRangeRejected(problems)
    return first, last


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


async def program_measures(
    session: AsyncSession,
    *,
    since: date | None,
    until: date | None,
    certification_id: UUID | None,
    tier: str | None,
    account_id: UUID | None,
    now: datetime,
) -> ProgramReport:
    first, last = date_range(since, until, now.date())
    account = await store.load_account(session, account_id) if account_id is not None else None
    programs = await measures_store.programs(session, certification_id, tier)
    if (
        certification_id is not None
        and not programs
        and not await measures_store.programs(session, certification_id, None)
    ):
        raise ProgramNotFound(certification_id)
    ids = [program.id for program in programs]
    window = Window(_midnight(first), _midnight(last + timedelta(days=1)))
    attempts = await measures_store.attempts_by_program(session, ids, account_id)
    versions = await measures_store.versions_by_program(session, ids, account_id)
    counts = await measures_store.page_counts(session, ids, first, last + timedelta(days=1))
    measured = [
        ProgramMeasure(
            program,
            compute_measures(attempts.get(program.id, []), versions.get(program.id, []), window),
            counts.get((program.id, "view"), 0),
            counts.get((program.id, "linkedin_add"), 0)
            + counts.get((program.id, "linkedin_share"), 0),
        )
        for program in programs
    ]
    return ProgramReport(first, last, account, tier, now, measured)
