"""Certifications and exams in and out of their rows, as values; the one reader of their JSON.

Blueprints and retake policies live in JSON columns. Their stored shape is declared here
(`StoredBlueprint`, `StoredRetakePolicy`), apart from the HTTP schemas, and decoded once when
an exam is loaded. The JSON written is byte for byte what earlier versions wrote (camelCase
keys, every field present), so rows already in databases read unchanged and no migration is
needed. A stored value that no longer decodes is a server fault (`StoredSettingsBroken`), never
a 422 shown to a learner.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import BankRow, CertificationRow, ExamRow
from service.exams.errors import CertificationNotFound, ExamNotFound, StoredSettingsBroken
from service.pagination import LimitOffset, window

logger = logging.getLogger("accredo.exams")


class StoredKindBounds(msgspec.Struct, frozen=True, kw_only=True):
    min: int = 0
    max: int | None = None


class StoredBlueprint(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """``exams.blueprint``: items per domain, and optionally per kind (exact or a range)."""

    domain_counts: dict[str, int]
    kind_counts: dict[str, int] | None = None
    kind_ranges: dict[str, StoredKindBounds] | None = None


class StoredRetakePolicy(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """``exams.retake_policy``: waits after each failure (days), attempt cap, window (days)."""

    waits_after_failure_days: list[float] = msgspec.field(default_factory=list)
    max_attempts: int | None = None
    window_days: float | None = None


class ExamSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What an admin sets on an exam, ready to store."""

    certification_id: UUID
    bank_id: UUID
    name: str
    blueprint: StoredBlueprint
    recall_cap: float
    time_limit_seconds: int
    cut_score: float
    multiple_response_scoring: str
    shuffle_items: bool
    shuffle_options: bool
    review: str
    mastery_threshold: float
    retake_policy: StoredRetakePolicy
    beta: bool
    show_result_in_credential: bool
    tiers: list[str]


class ExamRecord(ExamSettings, frozen=True, kw_only=True):
    """An exam as stored, its JSON columns decoded: its settings, its id, and whether (since
    when) it is retired."""

    id: UUID
    retired_at: datetime | None = None


class CertificationRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    tier: str
    description: str
    criteria: str
    badge_image: bytes | None
    badge_media_type: str | None
    validity_days: int | None
    renewal_window_days: int
    pass_band_low: float
    pass_band_high: float
    created_at: datetime


def stored_json(value: msgspec.Struct) -> dict[str, Any]:
    """The JSON column value of a stored shape (every field present, as always written)."""
    return dict(msgspec.to_builtins(value))


def exam_record(row: ExamRow) -> ExamRecord:
    try:
        return msgspec.convert(row, ExamRecord, from_attributes=True)
    except msgspec.ValidationError as error:
        column = "retake policy" if "retake_policy" in str(error) else "blueprint"
        logger.error("the stored %s of exam %s does not decode: %s", column, row.id, error)
        raise StoredSettingsBroken(row.id, column) from error


def certification_record(row: CertificationRow) -> CertificationRecord:
    return msgspec.convert(row, CertificationRecord, from_attributes=True)


async def exam_row(session: AsyncSession, exam_id: UUID) -> ExamRow:
    row = await session.get(ExamRow, exam_id)
    if row is None:
        raise ExamNotFound(exam_id)
    return row


async def load_exam(session: AsyncSession, exam_id: UUID) -> ExamRecord:
    return exam_record(await exam_row(session, exam_id))


async def certification_row(session: AsyncSession, certification_id: UUID) -> CertificationRow:
    row = await session.get(CertificationRow, certification_id)
    if row is None:
        raise CertificationNotFound(certification_id)
    return row


async def load_certification(session: AsyncSession, certification_id: UUID) -> CertificationRecord:
    return certification_record(await certification_row(session, certification_id))


async def certification_or_none(
    session: AsyncSession, certification_id: UUID
) -> CertificationRecord | None:
    row = await session.get(CertificationRow, certification_id)
    return None if row is None else certification_record(row)


async def bank_exists(session: AsyncSession, bank_id: UUID) -> bool:
    return await session.get(BankRow, bank_id) is not None


async def certification_named(session: AsyncSession, name: str) -> bool:
    return bool(
        await session.scalar(select(CertificationRow.id).where(CertificationRow.name == name))
    )


async def exam_named(session: AsyncSession, name: str, *, other_than: UUID | None) -> bool:
    query = select(ExamRow.id).where(ExamRow.name == name)
    if other_than is not None:
        query = query.where(ExamRow.id != other_than)
    return bool(await session.scalar(query))


async def add_certification(session: AsyncSession, **values: Any) -> CertificationRecord:
    row = CertificationRow(**values)
    session.add(row)
    await session.flush()
    return certification_record(row)


async def certification_named_other(
    session: AsyncSession, name: str, certification_id: UUID
) -> bool:
    return bool(
        await session.scalar(
            select(CertificationRow.id).where(
                CertificationRow.name == name, CertificationRow.id != certification_id
            )
        )
    )


async def update_certification(
    session: AsyncSession, certification_id: UUID, **values: Any
) -> CertificationRecord:
    row = await certification_row(session, certification_id)
    for name, value in values.items():
        setattr(row, name, value)
    await session.flush()
    return certification_record(row)


async def save_badge(
    session: AsyncSession, certification_id: UUID, content: bytes, media_type: str
) -> CertificationRecord:
    row = await certification_row(session, certification_id)
    row.badge_image = content
    row.badge_media_type = media_type
    await session.flush()
    return certification_record(row)


async def list_certifications(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[CertificationRecord], int]:
    rows, total = await window(
        session,
        select(CertificationRow).order_by(CertificationRow.name, CertificationRow.id),
        bounds,
    )
    return [certification_record(row) for (row,) in rows], total


def _write(row: ExamRow, settings: ExamSettings) -> None:
    for field in settings.__struct_fields__:
        value = getattr(settings, field)
        setattr(row, field, stored_json(value) if isinstance(value, msgspec.Struct) else value)


async def save_exam(
    session: AsyncSession, settings: ExamSettings, exam_id: UUID | None = None
) -> ExamRecord:
    """Insert a new exam (no ``exam_id``) or overwrite the settings of an existing one."""
    if exam_id is None:
        row = ExamRow()
        _write(row, settings)
        session.add(row)
    else:
        row = await exam_row(session, exam_id)
        _write(row, settings)
    await session.flush()
    return exam_record(row)


async def retire_exam(session: AsyncSession, exam_id: UUID, now: datetime) -> ExamRecord:
    """Mark the exam retired (kept as it was when already retired: the first date stands)."""
    row = await exam_row(session, exam_id)
    if row.retired_at is None:
        row.retired_at = now
        await session.flush()
    return exam_record(row)


async def reopen_exam(session: AsyncSession, exam_id: UUID) -> ExamRecord:
    row = await exam_row(session, exam_id)
    if row.retired_at is not None:
        row.retired_at = None
        await session.flush()
    return exam_record(row)


async def list_exams(
    session: AsyncSession, bounds: LimitOffset, *, retired: bool | None = False
) -> tuple[list[tuple[ExamRecord, CertificationRecord]], int]:
    """Exams by name; ``retired`` False: the open ones, True: the retired ones, None: all."""
    query = select(ExamRow, CertificationRow).join(
        CertificationRow, CertificationRow.id == ExamRow.certification_id
    )
    if retired is not None:
        query = query.where(
            ExamRow.retired_at.is_not(None) if retired else ExamRow.retired_at.is_(None)
        )
    rows, total = await window(session, query.order_by(ExamRow.name, ExamRow.id), bounds)
    return [
        (exam_record(exam), certification_record(certification)) for exam, certification in rows
    ], total
