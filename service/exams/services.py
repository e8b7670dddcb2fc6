"""Certification and exam use cases (admins), and what learners may see of exams."""

from __future__ import annotations

import logging
from uuid import UUID

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from credentials.presentation import (
    ACCEPTED_MEDIA_TYPES,
    MAX_BADGE_UPLOAD_BYTES,
    BadgeRefused,
    clean_badge,
)
from service.db.models import BankRow, CertificationRow, ExamRow
from service.errors import Conflict, Invalid, NotFound, Problem, TooLarge
from service.exams.candidates import require_feasible
from service.exams.policies import blueprint_from_spec, retake_policy_from_spec, spec_to_json
from service.exams.schemas import CertificationCreate, ExamCreate
from service.pagination import LimitOffset, window

DEFAULT_PASS_BANDS = {
    "foundation": (0.70, 0.80),
    "practitioner": (0.60, 0.70),
    "expert": (0.45, 0.60),
}
logger = logging.getLogger("accredo.exams")


async def create_certification(
    session: AsyncSession, spec: CertificationCreate
) -> CertificationRow:
    problems = []
    if not spec.name.strip():
        problems.append(Problem("must not be empty", "name"))
    if spec.validity_days is not None and spec.validity_days < 1:
        problems.append(Problem("must be at least 1 day, or null for no expiry", "validityDays"))
    if spec.renewal_window_days < 0:
        problems.append(Problem("must not be negative", "renewalWindowDays"))
    if spec.validity_days is not None and spec.renewal_window_days > spec.validity_days:
        problems.append(Problem("must not be longer than the validity", "renewalWindowDays"))
    low, high = (
        (spec.pass_band.low, spec.pass_band.high)
        if spec.pass_band
        else DEFAULT_PASS_BANDS[spec.tier]
    )
    if not 0 <= low <= high <= 1:
        problems.append(Problem("needs 0 <= low <= high <= 1", "passBand"))
    if problems:
        raise Invalid("the certification is not valid", problems=problems)
    name = spec.name.strip()
    if await session.scalar(select(CertificationRow.id).where(CertificationRow.name == name)):
        raise Conflict(f"a certification named {name!r} already exists")
    row = CertificationRow(
        name=name,
        tier=spec.tier,
        description=spec.description,
        criteria=spec.criteria,
        validity_days=spec.validity_days,
        renewal_window_days=spec.renewal_window_days,
        pass_band_low=low,
        pass_band_high=high,
    )
    session.add(row)
    await session.flush()
    return row


async def get_certification(session: AsyncSession, certification_id: UUID) -> CertificationRow:
    row = await session.get(CertificationRow, certification_id)
    if row is None:
        raise NotFound(f"no certification with id {certification_id}")
    return row


async def list_certifications(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[CertificationRow], int]:
    rows, total = await window(
        session,
        select(CertificationRow).order_by(CertificationRow.name, CertificationRow.id),
        bounds,
    )
    return [row for (row,) in rows], total


async def set_badge(
    session: AsyncSession, certification_id: UUID, data: bytes, media_type: str
) -> CertificationRow:
    """Store the cleaned image, never the upload itself (see `credentials.presentation`)."""
    row = await get_certification(session, certification_id)
    media_type = media_type.split(";")[0].strip().lower()
    if media_type not in ACCEPTED_MEDIA_TYPES:
        accepted = ", ".join(ACCEPTED_MEDIA_TYPES)
        raise Invalid(
            "the badge image was not accepted",
            problems=[Problem(f"send one of {accepted}", "Content-Type")],
        )
    if len(data) > MAX_BADGE_UPLOAD_BYTES:
        raise TooLarge(f"a badge image may have at most {MAX_BADGE_UPLOAD_BYTES} bytes")
    try:
        badge = await to_thread.run_sync(clean_badge, data, media_type)
    except BadgeRefused as refused:
        raise Invalid(
            "the badge image was not accepted",
            problems=[Problem(reason, "body") for reason in refused.reasons],
        ) from refused
    if badge.dropped:
        logger.info(
            "badge of certification %s: dropped inert content %s",
            certification_id,
            ", ".join(badge.dropped),
        )
    row.badge_image = badge.content
    row.badge_media_type = badge.media_type
    await session.flush()
    return row


async def _check_exam(session: AsyncSession, spec: ExamCreate) -> None:
    problems = []
    if not spec.name.strip():
        problems.append(Problem("must not be empty", "name"))
    if spec.time_limit_minutes <= 0:
        problems.append(Problem("must be more than zero", "timeLimitMinutes"))
    if not 0 <= spec.cut_score <= 100:
        problems.append(Problem("must be a percent between 0 and 100", "cutScore"))
    if not 0 <= spec.mastery_threshold <= 1:
        problems.append(Problem("must be a share between 0 and 1", "masteryThreshold"))
    if not 0 <= spec.recall_cap <= 1:
        problems.append(Problem("must be a share between 0 and 1", "recallCap"))
    if await session.get(CertificationRow, spec.certification_id) is None:
        problems.append(Problem("no such certification", "certificationId"))
    if await session.get(BankRow, spec.bank_id) is None:
        problems.append(Problem("no such bank", "bankId"))
    if problems:
        raise Invalid("the exam is not valid", problems=problems)
    retake_policy_from_spec(spec.retake_policy, beta=spec.beta)
    blueprint = blueprint_from_spec(spec.blueprint, spec.recall_cap)
    await require_feasible(session, spec.bank_id, blueprint)


def _apply(row: ExamRow, spec: ExamCreate) -> None:
    row.certification_id = spec.certification_id
    row.bank_id = spec.bank_id
    row.name = spec.name.strip()
    row.blueprint = spec_to_json(spec.blueprint)
    row.recall_cap = spec.recall_cap
    row.time_limit_seconds = round(spec.time_limit_minutes * 60)
    row.cut_score = spec.cut_score
    row.multiple_response_scoring = spec.multiple_response_scoring
    row.shuffle_items = spec.shuffle_items
    row.shuffle_options = spec.shuffle_options
    row.review = spec.review
    row.mastery_threshold = spec.mastery_threshold
    row.retake_policy = spec_to_json(spec.retake_policy)
    row.beta = spec.beta
    row.show_result_in_credential = spec.show_result_in_credential


async def _check_name_free(session: AsyncSession, name: str, exam_id: UUID | None) -> None:
    """The stored (trimmed) name is unique: checked here, so a clash is a 409, not a 500."""
    query = select(ExamRow.id).where(ExamRow.name == name.strip())
    if exam_id is not None:
        query = query.where(ExamRow.id != exam_id)
    if await session.scalar(query):
        raise Conflict(f"an exam named {name.strip()!r} already exists")


async def create_exam(session: AsyncSession, spec: ExamCreate) -> ExamRow:
    await _check_exam(session, spec)
    await _check_name_free(session, spec.name, None)
    row = ExamRow()
    _apply(row, spec)
    session.add(row)
    await session.flush()
    return row


async def update_exam(session: AsyncSession, exam_id: UUID, spec: ExamCreate) -> ExamRow:
    row = await get_exam(session, exam_id)
    await _check_exam(session, spec)
    await _check_name_free(session, spec.name, exam_id)
    _apply(row, spec)
    await session.flush()
    return row


async def get_exam(session: AsyncSession, exam_id: UUID) -> ExamRow:
    row = await session.get(ExamRow, exam_id)
    if row is None:
        raise NotFound(f"no exam with id {exam_id}")
    return row


async def list_exams(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[tuple[ExamRow, CertificationRow]], int]:
    rows, total = await window(
        session,
        select(ExamRow, CertificationRow)
        .join(CertificationRow, CertificationRow.id == ExamRow.certification_id)
        .order_by(ExamRow.name, ExamRow.id),
        bounds,
    )
    return [(exam, certification) for exam, certification in rows], total
