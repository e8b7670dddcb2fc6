"""Wire shapes of calibrations and the calibrated reporting scale (camelCase)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from msgspec import Meta

from service.wire import ITEM_ID_LENGTH, MAX_COUNT, WireModel

ItemId = Annotated[str, Meta(min_length=1, max_length=ITEM_ID_LENGTH)]
ScalePoint = Annotated[int, Meta(ge=0, le=100_000)]


class CalibrationOut(WireModel):
    revision_id: UUID
    item_id: str
    difficulty: float | None
    standard_error: float | None
    n: int | None
    method: str | None


class CalibrationsOut(WireModel):
    """The exam's items (current revisions of its bank's active items) and their stored
    difficulties; ``difficulty`` null = not calibrated yet."""

    exam_id: UUID
    calibrated: int
    uncalibrated: int
    items: list[CalibrationOut]


class CalibrationRunOut(WireModel):
    """``added`` revisions were calibrated and stored; ``kept`` already had a calibration and
    kept it (they anchor the new ones: ``shift`` logits moved the run onto the stored scale);
    ``notEstimable`` could not be calibrated from these responses."""

    exam_id: UUID
    method: str
    added: int
    kept: int
    shift: float
    not_estimable: list[str]


class ScaleIn(WireModel):
    """Score the exam on the calibrated scale. ``cutFrom`` "cutScore": the cut is the ability
    whose expected score on the reference form (``referenceItems``, default every calibrated
    item of the exam) is the fraction ``cutScore`` (default the exam's cut); "angoff": the
    panel's recommended cut on the rated items. ``pretestUncalibrated``: deliver items without
    a calibration as unscored pretest items (else every item must be calibrated).
    ``formTolerance`` (a fraction): assembly holds each form's expected share correct for a
    candidate at the cut within this distance of the reference form's (null: no constraint)."""

    cut_from: Literal["cutScore", "angoff"] = "cutScore"
    cut_score: Annotated[float, Meta(gt=0, lt=1)] | None = None
    reference_items: Annotated[list[ItemId], Meta(max_length=MAX_COUNT)] | None = None
    minimum: ScalePoint = 100
    maximum: ScalePoint = 1000
    cut_scaled: ScalePoint = 700
    points_per_logit: Annotated[float, Meta(gt=0, le=10_000)] = 100.0
    pretest_uncalibrated: bool = False
    form_tolerance: Annotated[float, Meta(gt=0, lt=1)] | None = None


class ScaleOut(WireModel):
    exam_id: UUID
    theta_cut: float
    cut_from: str
    cut_score: float
    minimum: int
    maximum: int
    cut_scaled: int
    points_per_logit: float
    pretest_uncalibrated: bool
    form_tolerance: float | None
