"""Wire shape of the report of an uploaded response file: the exam report's sections, with
items named by the file's item ids (there are no revisions) and no pass rates (a file has
no attempts' outcomes)."""

from __future__ import annotations

from service.statistics.decision_schemas import DecisionsOut
from service.statistics.schemas import OptionOut, RaschItemOut, RaschOut, SummaryOut
from service.wire import WireModel


class FileFlagOut(WireModel):
    code: str
    item_id: str | None
    option_id: str | None
    reason: str
    threshold: float
    value: float


class FileItemOut(WireModel):
    item_id: str
    domain: str | None
    n: int
    n_answered: int | None
    p: float
    point_biserial: float | None
    corrected_item_total: float | None
    p_upper: float | None
    p_lower: float | None
    discrimination_index: float | None
    alpha_if_deleted: float | None
    options: list[OptionOut] | None
    rasch: RaschItemOut | None
    flags: list[FileFlagOut]


class FileStatisticsOut(WireModel):
    """``layout`` is "long" or "wide"; ``unseenItems`` are key items nobody was shown (left
    out of every statistic), distinct from unanswered ones (scored 0)."""

    layout: str
    examinees: int
    unseen_items: list[str]
    cut_score: float | None
    summary: SummaryOut
    rasch: RaschOut | None
    items: list[FileItemOut]
    flags: list[FileFlagOut]
    decisions: DecisionsOut
