"""The statistics store: everything one exam's statistics need, in a fixed handful of queries.

Revision content is decoded once here (`service.bank.content_codec`), so scoring sees
`ItemContent`, never the stored JSON.

Responses are read into numpy arrays a batch of attempts at a time (``response_matrix``): a
10,000 x 100 exam is a million rows, and any per-row Python object would cost more than the
analysis. On PostgreSQL the batches are shared between the transaction's connection and a
second one in the same snapshot (``second_reader``), so two backends compute them.
Only attempts that ended (``scored`` or ``expired``) count; an attempt in progress has
responses that may still change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import numpy as np
from sqlalchemy import ScalarSelect, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from itembank import ItemContent
from service.bank.content_codec import content_from_json
from service.db.models import (
    AccountMoveRow,
    AccountRow,
    AttemptRow,
    CertificationRow,
    ExamRow,
    ItemRevisionRow,
    ItemRow,
)
from service.statistics.errors import ExamNotFound
from service.statistics.response_matrix import ResponseArrays, Spelling, read_responses
from service.statistics.scoring import RevisionKey
from service.statistics.second_reader import second_reader

FINISHED = ("scored", "expired")
BULK_READ_WORK_MEM = "64MB"
"""Per sort or hash of one batch query; a batch of a thousand 100-item attempts needs
about 12 MB."""


@dataclass(frozen=True, slots=True)
class ExamInfo:
    id: UUID
    name: str
    cut_score_percent: float
    tier: str
    pass_band_low: float
    pass_band_high: float


@dataclass(frozen=True, slots=True)
class Freshness:
    """What the cached result was computed from; any new finished attempt changes it."""

    attempts: int
    last_submitted_at: datetime | None


@dataclass(frozen=True, slots=True)
class RevisionRecord:
    id: UUID
    item_external_id: str
    number: int
    content: ItemContent


@dataclass(frozen=True, slots=True)
class ExamData:
    """Finished attempts (rows, by id) x presented revisions (columns, by item and number)."""

    attempt_numbers: np.ndarray
    passed: np.ndarray
    revisions: list[RevisionRecord]
    keys: list[RevisionKey]
    responses: ResponseArrays
    accounts: list[str | None]
    """Per attempt row, the external id of the learner's customer account when the attempt
    finished (``_account_at_finish``); None without one. The DIF groups of an exam."""

    @property
    def attempts(self) -> int:
        return len(self.passed)


async def exam_info(session: AsyncSession, exam_ref: UUID | str) -> ExamInfo:
    """The exam by id, or (for the CLI) by its unique name."""
    query = select(
        ExamRow.id,
        ExamRow.name,
        ExamRow.cut_score,
        CertificationRow.tier,
        CertificationRow.pass_band_low,
        CertificationRow.pass_band_high,
    ).join(CertificationRow, CertificationRow.id == ExamRow.certification_id)
    where = ExamRow.id == exam_ref if isinstance(exam_ref, UUID) else ExamRow.name == exam_ref
    row = (await session.execute(query.where(where))).first()
    if row is None:
        raise ExamNotFound(exam_ref)
    return ExamInfo(
        id=row[0],
        name=row[1],
        cut_score_percent=float(row[2]) * 100,  # stored as a fraction
        tier=row[3],
        pass_band_low=float(row[4]),
        pass_band_high=float(row[5]),
    )


async def freshness(session: AsyncSession, exam_id: UUID) -> Freshness:
    row = (
        await session.execute(
            select(func.count(), func.max(AttemptRow.submitted_at)).where(
                AttemptRow.exam_id == exam_id, AttemptRow.status.in_(FINISHED)
            )
        )
    ).one()
    return Freshness(attempts=int(row[0]), last_submitted_at=row[1])


async def exam_data(session: AsyncSession, exam_id: UUID) -> ExamData:
    """Attempts, their grouped responses, then the revisions those name; run them in one
    snapshot so that an attempt finishing meanwhile cannot appear in one and not another."""
    connection = await session.connection()
    spelling = Spelling(connection.dialect.name)
    if connection.dialect.name == "postgresql":
        await _plan_for_bulk_read(session)
    attempt_rows = (
        await session.execute(
            select(
                spelling.id_bytes(AttemptRow.id),
                AttemptRow.number,
                AttemptRow.passed,
                _account_at_finish(),
            )
            .where(AttemptRow.exam_id == exam_id, AttemptRow.status.in_(FINISHED))
            .order_by(AttemptRow.id)
        )
    ).all()
    async with second_reader(session, _plan_for_bulk_read) as helper:
        read = await read_responses(session, [row[0] for row in attempt_rows], helper)
    revisions = [
        RevisionRecord(
            id=row[0],
            item_external_id=row[1],
            number=int(row[2]),
            content=content_from_json(row[3]),
        )
        for row in await session.execute(
            select(
                ItemRevisionRow.id,
                ItemRow.external_id,
                ItemRevisionRow.number,
                ItemRevisionRow.content,
            )
            .join(ItemRow, ItemRow.id == ItemRevisionRow.item_id)
            .where(ItemRevisionRow.id.in_(sorted(read.revision_ids)))
            .order_by(ItemRow.external_id, ItemRevisionRow.number)
        )
    ]
    keys = [RevisionKey.of(revision.content) for revision in revisions]
    return ExamData(
        attempt_numbers=np.array([int(row[1]) for row in attempt_rows], dtype=np.int64),
        passed=np.array([bool(row[2]) for row in attempt_rows], dtype=bool),
        revisions=revisions,
        keys=keys,
        responses=read.arrays(len(attempt_rows), [revision.id for revision in revisions], keys),
        accounts=[row[3] for row in attempt_rows],
    )


async def _plan_for_bulk_read(session: AsyncSession | AsyncConnection) -> None:
    """PostgreSQL settings for the rest of this transaction (``SET LOCAL``) that suit reading
    a whole exam: no JIT, whose compilation (and, in a new backend, loading LLVM, about
    0.1 s) the attempts query's cost estimate triggers and never pays back; and enough
    ``work_mem`` for a batch's grouping to stay in memory (at the default 4 MB the
    aggregation of a thousand attempts' responses spills to disk in 64 partitions).

    JIT is turned off by its cost threshold, not by ``jit``: asyncpg switches ``jit`` off
    for its type introspection and then sets it back at session level to the value it found,
    which would keep this transaction's ``off`` on the pooled connection. The helper
    connection of a parallel read (``second_reader``) gets the same settings."""
    await session.execute(text("SET LOCAL jit_above_cost = -1"))
    await session.execute(text(f"SET LOCAL work_mem = '{BULK_READ_WORK_MEM}'"))


def _account_at_finish() -> ScalarSelect[str | None]:
    """The account an attempt's learner belonged to when the attempt finished (submitted, or
    at its deadline when it expired): the latest ``account_moves`` entry at or before that
    moment, whose ``to_account_id`` is None after a removal. Every placement writes a move, so
    the history is complete; a later move does not change a finished attempt's group, which
    keeps the cached report valid. Accounts are named by their unique ``external_id``; None
    without one. Correlated with the attempts query it is a column of."""
    finished_at = func.coalesce(AttemptRow.submitted_at, AttemptRow.deadline)
    return (
        select(AccountRow.external_id)
        .select_from(AccountMoveRow)
        .outerjoin(AccountRow, AccountRow.id == AccountMoveRow.to_account_id)
        .where(
            AccountMoveRow.learner_id == AttemptRow.learner_id,
            AccountMoveRow.moved_at <= finished_at,
        )
        .order_by(AccountMoveRow.moved_at.desc(), AccountMoveRow.id.desc())
        .limit(1)
        .correlate(AttemptRow)
        .scalar_subquery()
    )
