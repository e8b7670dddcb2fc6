"""Certification and exam use cases (admins), and what learners may see of exams."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

import msgspec
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
from service.exams.checks import certification_problems, exam_problems, recall_cap_of
from service.exams.errors import (
    BadgeRejected,
    BadgeTooLarge,
    NameTaken,
    RetiredExamsHidden,
    SettingsRejected,
)
from service.exams.policies import blueprint_of, stored_blueprint, stored_retake_policy
from service.exams.schemas import CertificationCreate, CertificationUpdate, ExamCreate
from service.exams.store import CertificationRecord, ExamRecord, ExamSettings
from service.pagination import LimitOffset
from service.settings import Settings

DEFAULT_PASS_BANDS = {
    "foundation": (0.70, 0.80),
    "practitioner": (0.60, 0.70),
    "expert": (0.45, 0.60),
}
logger = logging.getLogger("accredo.exams")


def _certification_values(
    spec: CertificationCreate | CertificationUpdate, tier: str
) -> dict[str, object]:
    """The columns of a certification body, after every rule beyond its schema passed."""
    problems = certification_problems(msgspec.to_builtins(spec))
    if spec.validity_days is not None and spec.validity_days < 1:
        problems.append(Problem("must be at least 1 day, or null for no expiry", "validityDays"))
    if spec.renewal_window_days < 0:
        problems.append(Problem("must not be negative", "renewalWindowDays"))
    low, high = (
        (spec.pass_band.low, spec.pass_band.high) if spec.pass_band else DEFAULT_PASS_BANDS[tier]
    )
    if not 0 <= low <= high <= 1 and not any(p.field == "passBand" for p in problems):
        problems.append(Problem("needs 0 <= low <= high <= 1", "passBand"))
    if problems:
        raise SettingsRejected("certification", problems)
    return {
        "name": spec.name.strip(),
        "description": spec.description,
        "criteria": spec.criteria,
        "validity_days": spec.validity_days,
        "renewal_window_days": spec.renewal_window_days,
        "pass_band_low": low,
        "pass_band_high": high,
    }


async def create_certification(
    session: AsyncSession, spec: CertificationCreate
) -> CertificationRecord:
    values = _certification_values(spec, spec.tier)
    name = str(values["name"])
    if await store.certification_named(session, name):
        raise NameTaken("certification", name)
    return await store.add_certification(session, tier=spec.tier, **values)


async def update_certification(
    session: AsyncSession, certification_id: UUID, spec: CertificationUpdate
) -> CertificationRecord:
    """Change what later credentials say; issued credentials are signed and stay as they are
    (issuance reads the certification when it signs)."""
    current = await store.load_certification(session, certification_id)
    values = _certification_values(spec, current.tier)
    name = str(values["name"])
    if await store.certification_named_other(session, name, certification_id):
        raise NameTaken("certification", name)
    return await store.update_certification(session, certification_id, **values)


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


def _settings(spec: ExamCreate, *, tiers: list[str], recall_cap: float) -> ExamSettings:
    return ExamSettings(
        certification_id=spec.certification_id,
        bank_id=spec.bank_id,
        name=spec.name.strip(),
        blueprint=stored_blueprint(spec.blueprint),
        recall_cap=recall_cap,
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
        tiers=tiers,
    )


async def _check_exam(session: AsyncSession, spec: ExamCreate, config: Settings) -> ExamSettings:
    """Every problem of the request in one 422; then whether the bank's items can fill it."""
    body = msgspec.to_builtins(spec)
    problems = exam_problems(body, config)
    certification = await store.certification_or_none(session, spec.certification_id)
    if certification is None:
        problems.append(Problem("no such certification", "certificationId"))
    if not await store.bank_exists(session, spec.bank_id):
        problems.append(Problem("no such bank", "bankId"))
    if problems:
        raise SettingsRejected("exam", problems)
    assert certification is not None
    tiers: list[str] = [*spec.tiers] if spec.tiers else [certification.tier]
    settings = _settings(spec, tiers=tiers, recall_cap=recall_cap_of(body, config))
    blueprint = blueprint_of(settings.blueprint, settings.recall_cap)
    await require_feasible(session, spec.bank_id, blueprint, tiers)
    return settings


async def _check_name_free(session: AsyncSession, name: str, exam_id: UUID | None) -> None:
    """The stored (trimmed) name is unique: checked here, so a clash is a 409, not a 500."""
    if await store.exam_named(session, name.strip(), other_than=exam_id):
        raise NameTaken("exam", name.strip())


async def create_exam(session: AsyncSession, spec: ExamCreate, config: Settings) -> ExamRecord:
    settings = await _check_exam(session, spec, config)
    await _check_name_free(session, spec.name, None)
    return await store.save_exam(session, settings)


async def update_exam(
    session: AsyncSession, exam_id: UUID, spec: ExamCreate, config: Settings
) -> ExamRecord:
    await store.exam_row(session, exam_id)
    settings = await _check_exam(session, spec, config)
    await _check_name_free(session, spec.name, exam_id)
    return await store.save_exam(session, settings, exam_id)


async def get_exam(session: AsyncSession, exam_id: UUID) -> ExamRecord:
    return await store.load_exam(session, exam_id)


async def retire_exam(session: AsyncSession, exam_id: UUID, now: datetime) -> ExamRecord:
    """No new starts from now; attempts, credentials and statistics stay as they are."""
    return await store.retire_exam(session, exam_id, now)


async def reopen_exam(session: AsyncSession, exam_id: UUID) -> ExamRecord:
    """Open a retired exam to new starts again; its history was never touched."""
    return await store.reopen_exam(session, exam_id)


EXAM_STATUS_FILTERS: dict[str, bool | None] = {"active": False, "retired": True, "all": None}


async def list_exams(
    session: AsyncSession, bounds: LimitOffset, status: str = "active", *, admin: bool = False
) -> tuple[list[tuple[ExamRecord, CertificationRecord]], int]:
    """Learners and authors see the open exams only; admins may ask for retired ones."""
    if status != "active" and not admin:
        raise RetiredExamsHidden(status)
    return await store.list_exams(session, bounds, retired=EXAM_STATUS_FILTERS[status])
