"""Calibration use cases: calibrate an exam from its responses and store the difficulties,
list them, and set or clear the exam's calibrated reporting scale.

Calibrating keeps what is stored: a revision calibrated once keeps its difficulty, so every
attempt is scored against the same numbers. A new run (Rasch CML over all finished
attempts, one pool with the presented mask) is moved onto the stored scale by the mean
difference over the revisions it shares with the stored ones (mean/mean linking of Rasch
difficulties, which differ between runs only by the origin); only the revisions without a
calibration are added. The first run fixes the origin: the mean difficulty of its items is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import anyio.to_thread
import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import (
    InvalidSettingsError,
    RaschCalibration,
    StatisticsSettings,
    calibrate_rasch,
    theta_cut_from_percent,
)
from service.angoff.services import angoff_report
from service.calibration import store
from service.calibration.errors import (
    NotCalibrated,
    NothingToCalibrate,
    ScaleRejected,
)
from service.calibration.schemas import ScaleIn
from service.calibration.scoring import reporting_scale
from service.calibration.store import Calibration, ExamItem, Scale
from service.errors import Problem
from service.statistics.services import exam_responses
from service.statistics.store import exam_data, exam_info

METHOD = "Rasch CML, linked mean/mean to stored difficulties"


@dataclass(frozen=True, slots=True)
class CalibrationRun:
    method: str
    added: int
    kept: int
    shift: float
    not_estimable: list[str]


async def calibrate_exam(session: AsyncSession, exam_id: UUID, by: str) -> CalibrationRun:
    if session.get_bind().dialect.name == "postgresql":
        # the row and column numbering of the three reads must agree (one snapshot)
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    info = await exam_info(session, exam_id)
    data = await exam_data(session, exam_id)
    responses = exam_responses(data, info)
    if responses is None:
        raise NothingToCalibrate(exam_id, "no finished attempt of the exam was presented items")
    rasch: RaschCalibration = await anyio.to_thread.run_sync(
        calibrate_rasch, responses, StatisticsSettings()
    )
    if not rasch.estimable:
        raise NothingToCalibrate(exam_id, rasch.message or "the responses cannot be calibrated")
    stored = await store.calibrations(session, (r.id for r in data.revisions))
    presented = responses.presented
    counts = (
        presented.sum(axis=0)
        if presented is not None
        else np.full(len(data.revisions), len(data.passed))
    )
    found: dict[UUID, tuple[float, float | None, int]] = {}
    not_estimable = []
    for j, (revision, item) in enumerate(zip(data.revisions, rasch.items, strict=True)):
        if item.difficulty is None:
            not_estimable.append(revision.item_external_id)
        else:
            found[revision.id] = (item.difficulty, item.standard_error, int(counts[j]))
    anchors = [rid for rid in found if rid in stored]
    shift = (
        float(np.mean([stored[rid].difficulty - found[rid][0] for rid in anchors]))
        if anchors
        else 0.0
    )
    added = [
        Calibration(revision_id=rid, difficulty=b + shift, standard_error=se, n=n, method=METHOD)
        for rid, (b, se, n) in found.items()
        if rid not in stored
    ]
    await store.add_calibrations(session, exam_id, added, by)
    return CalibrationRun(
        method=METHOD,
        added=len(added),
        kept=len(anchors),
        shift=shift,
        not_estimable=not_estimable,
    )


async def exam_calibrations(
    session: AsyncSession, exam_id: UUID
) -> tuple[list[ExamItem], dict[UUID, Calibration]]:
    items = await store.exam_items(session, exam_id)
    return items, await store.calibrations(session, (item.revision_id for item in items))


async def set_scale(session: AsyncSession, exam_id: UUID, spec: ScaleIn) -> Scale:
    items, stored = await exam_calibrations(session, exam_id)
    by_id = {item.item_id: item for item in items}
    problems = []
    if spec.cut_from == "angoff":
        for name, value in (
            ("cutScore", spec.cut_score),
            ("referenceItems", spec.reference_items),
        ):
            if value is not None:
                problems.append(Problem("must be left out when the cut is the Angoff cut", name))
    for item_id in spec.reference_items or []:
        if item_id not in by_id:
            problems.append(
                Problem(f"item '{item_id}' is not on the exam", "referenceItems", item=item_id)
            )
    if problems:
        raise ScaleRejected(problems)
    if not spec.pretest_uncalibrated:
        missing = [item.item_id for item in items if item.revision_id not in stored]
        if missing:
            raise NotCalibrated(exam_id, missing, "the exam (without pretest delivery)")
    if spec.cut_from == "angoff":
        report = await angoff_report(session, exam_id)
        percent = report.result.cut_percent
        reference = [entry.item_id for entry in report.result.item_ratings]
    else:
        percent = (
            spec.cut_score * 100.0
            if spec.cut_score is not None
            else await store.exam_cut(session, exam_id)
        )
        if spec.reference_items is None:
            reference = [item.item_id for item in items if item.revision_id in stored]
        else:
            reference = list(dict.fromkeys(spec.reference_items))
    missing = [i for i in reference if by_id[i].revision_id not in stored]
    if missing or not reference:
        raise NotCalibrated(exam_id, missing, "the reference form")
    difficulties = [stored[by_id[i].revision_id].difficulty for i in reference]
    try:
        theta_cut = theta_cut_from_percent(percent, difficulties)
        scale = Scale(
            exam_id=exam_id,
            theta_cut=theta_cut,
            cut_source=spec.cut_from,
            source_percent=percent,
            minimum=spec.minimum,
            maximum=spec.maximum,
            cut_scaled=spec.cut_scaled,
            points_per_logit=spec.points_per_logit,
            pretest_uncalibrated=spec.pretest_uncalibrated,
            form_tolerance=spec.form_tolerance,
        )
        reporting_scale(scale)  # minimum < cut_scaled < maximum
    except InvalidSettingsError as error:
        raise ScaleRejected([Problem(problem) for problem in error.problems]) from None
    await store.replace_scale(session, scale, exam_id)
    return scale


async def clear_scale(session: AsyncSession, exam_id: UUID) -> None:
    await store.exam_cut(session, exam_id)  # 404 for an unknown exam
    await store.replace_scale(session, None, exam_id)
