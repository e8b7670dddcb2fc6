"""Wire shapes of the Angoff routes (camelCase)."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from service.wire import ITEM_ID_LENGTH, MAX_COUNT, WireModel

ItemId = Annotated[str, Meta(min_length=1, max_length=ITEM_ID_LENGTH)]


class RatingIn(WireModel):
    item_id: ItemId
    rating: float


class PanelistRatingsIn(WireModel):
    """Every item of the exam rated once: the probability (0..1) that a minimally competent
    candidate answers it correctly."""

    ratings: Annotated[list[RatingIn], Meta(max_length=MAX_COUNT)]


class AngoffItemOut(WireModel):
    item_id: str
    mean: float
    sd: float | None
    minimum: float
    maximum: float


class PanelistCutOut(WireModel):
    panelist_id: str
    cut_raw: float
    cut_score: float


class AngoffOut(WireModel):
    """The recommended cut over the panelists who rated every item (``incompletePanelists``
    are left out until they finish). ``cutRaw`` and ``standardErrorRaw`` are in raw-score
    points; ``cutScore`` and ``standardError`` are fractions (0-1) of the rated items."""

    exam_id: str
    panelists: int
    items: int
    cut_raw: float
    cut_score: float
    standard_error_raw: float | None
    standard_error: float | None
    panelist_cuts: list[PanelistCutOut]
    item_ratings: list[AngoffItemOut]
    most_disagreement: list[AngoffItemOut]
    incomplete_panelists: list[str]


class AdoptedCutOut(WireModel):
    """The exam's new ``cutScore`` (a fraction, as exams store it) and its SE (a fraction)."""

    exam_id: str
    cut_score: float
    standard_error: float | None
    panelists: int
