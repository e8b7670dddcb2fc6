"""Certification and exam use cases (admins), and what learners may see of exams."""

from __future__ import annotations

import logging
from uuid import UUID

from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from credentials.presentation import (
    ACCEPTED_MEDIA_TYPES,
    MAX_BADGE_UPLOAD_BYTES,
    BadgeRefused,
    clean_badge,
)
from service.errors import Problem
from service.exams import store
from service.exams.candidates import require_feasible
from service.exams.errors import BadgeRejected, BadgeTooLarge, NameTaken, SettingsRejected
from service.exams.policies import (
    blueprint_of,
    retake_policy_of,
    stored_blueprint,
    stored_retake_policy,
)
from service.exams.schemas import CertificationCreate, ExamCreate
from service.exams.store import CertificationRecord, ExamRecord, ExamSettings
from service.pagination import LimitOffset

DEFAULT_PASS_BANDS = {
    "foundation": (0.70, 0.80),
    "practitioner": (0.60, 0.70),
    "expert": (0.45, 0.60),
}
logger = logging.getLogger("accredo.exams")


async def create_certification(
    session: AsyncSession, spec: CertificationCreate
) -> CertificationRecord:
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
        raise SettingsRejected("certification", problems)
    name = spec.name.strip()
    if await store.certification_named(session, name):
        raise NameTaken("certification", name)
    return await store.add_certification(
        session,
        name=name,
        tier=spec.tier,
        description=spec.description,
        criteria=spec.criteria,
        validity_days=spec.validity_days,
        renewal_window_days=spec.renewal_window_days,
        pass_band_low=low,
        pass_band_high=high,
    )


async def get_certification(session: AsyncSession, certification_id: UUID) -> CertificationRecord:
    return await store.load_certification(session, certification_id)


async def list_certifications(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[CertificationRecord], int]:
    return await store.list_certifications(session, bounds)


async def set_badge(
    session: AsyncSession, certification_id: UUID, data: bytes, media_type: str
) -> CertificationRecord:
    """Store the cleaned image, never the upload itself (see `credentials.presentation`)."""
    await store.certification_row(session, certification_id)
    media_type = media_type.split(";")[0].strip().lower()
    if media_type not in ACCEPTED_MEDIA_TYPES:
        accepted = ", ".join(ACCEPTED_MEDIA_TYPES)
        raise BadgeRejected([Problem(f"send one of {accepted}", "Content-Type")])
    if len(data) > MAX_BADGE_UPLOAD_BYTES:
        raise BadgeTooLarge(MAX_BADGE_UPLOAD_BYTES)
    try:
        badge = await to_thread.run_sync(clean_badge, data, media_type)
    except BadgeRefused as refused:
        raise BadgeRejected([Problem(reason, "body") for reason in refused.reasons]) from refused
    if badge.dropped:
        logger.info(
            "badge of certification %s: dropped inert content %s",
            certification_id,
            ", ".join(badge.dropped),
        )
    return await store.save_badge(session, certification_id, badge.content, badge.media_type)


def _settings(spec: ExamCreate) -> ExamSettings:
    return ExamSettings(
        certification_id=spec.certification_id,
        bank_id=spec.bank_id,
        name=spec.name.strip(),
        blueprint=stored_blueprint(spec.blueprint),
        recall_cap=spec.recall_cap,
        time_limit_seconds=round(spec.time_limit_minutes * 60),
        cut_score=spec.cut_score,
        multiple_response_scoring=spec.multiple_response_scoring,
        shuffle_items=spec.shuffle_items,
        shuffle_options=spec.shuffle_options,
        review=spec.review,
        mastery_threshold=spec.mastery_threshold,
        retake_policy=stored_retake_policy(spec.retake_policy),
        beta=spec.beta,
        show_result_in_credential=spec.show_result_in_credential,
    )


async def _check_exam(session: AsyncSession, spec: ExamCreate) -> ExamSettings:
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
    if not await store.certification_exists(session, spec.certification_id):
        problems.append(Problem("no such certification", "certificationId"))
    if not await store.bank_exists(session, spec.bank_id):
        problems.append(Problem("no such bank", "bankId"))
    if problems:
        raise SettingsRejected("exam", problems)
    settings = _settings(spec)
    retake_policy_of(settings.retake_policy, beta=settings.beta)
    blueprint = blueprint_of(settings.blueprint, settings.recall_cap)
    await require_feasible(session, spec.bank_id, blueprint)
    return settings


async def _check_name_free(session: AsyncSession, name: str, exam_id: UUID | None) -> None:
    """The stored (trimmed) name is unique: checked here, so a clash is a 409, not a 500."""
    if await store.exam_named(session, name.strip(), other_than=exam_id):
        raise NameTaken("exam", name.strip())


async def create_exam(session: AsyncSession, spec: ExamCreate) -> ExamRecord:
    settings = await _check_exam(session, spec)
    await _check_name_free(session, spec.name, None)
    return await store.save_exam(session, settings)


async def update_exam(session: AsyncSession, exam_id: UUID, spec: ExamCreate) -> ExamRecord:
    await store.exam_row(session, exam_id)
    settings = await _check_exam(session, spec)
    await _check_name_free(session, spec.name, exam_id)
    return await store.save_exam(session, settings, exam_id)


async def get_exam(session: AsyncSession, exam_id: UUID) -> ExamRecord:
    return await store.load_exam(session, exam_id)


async def list_exams(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[tuple[ExamRecord, CertificationRecord]], int]:
    return await store.list_exams(session, bounds)
