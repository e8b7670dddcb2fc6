"""Angoff use cases: save one panelist's ratings or a CSV of many, report the cut, adopt it.

A panelist's ratings are checked as a whole against the exam's items (every item once,
each a probability) before anything is stored, so the stored panel is always usable: the
report needs no second validation and a half-rated panelist can only be one whose exam
gained items later (listed as incomplete, left out of the cut).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import AngoffRating, AngoffResult, InvalidRatingsError, angoff_cut
from service.angoff import store
from service.angoff.errors import NoCompletePanel, RatingsRejected
from service.angoff.ratings_csv import read_ratings_csv
from service.errors import Problem


@dataclass(frozen=True, slots=True)
class AngoffReport:
    result: AngoffResult
    incomplete_panelists: list[str]


def _check(
    ratings: Sequence[AngoffRating],
    items: list[str],
    lines: dict[tuple[str, str], int] | None = None,
) -> list[Problem]:
    by_panelist: dict[str, list[AngoffRating]] = defaultdict(list)
    for rating in ratings:
        by_panelist[rating.panelist_id].append(rating)
    problems = []
    for panelist, given in by_panelist.items():
        try:
            angoff_cut(given, items)
        except InvalidRatingsError as error:
            for problem in error.problems:
                where = (problem.panelist_id or "", problem.item_id or "")
                problems.append(
                    Problem(
                        f"panelist '{panelist}': {problem.reason}",
                        "rating",
                        item=problem.item_id,
                        line=None if lines is None else lines.get(where),
                    )
                )
    return problems


async def save_panelist(
    session: AsyncSession, exam_id: UUID, panelist_id: str, ratings: Sequence[tuple[str, float]]
) -> int:
    items = await store.exam_items(session, exam_id)
    given = [AngoffRating(panelist_id=panelist_id, item_id=i, rating=r) for i, r in ratings]
    problems = _check(given, items)
    if not given:
        problems.append(Problem("no ratings", "ratings"))
    if problems:
        raise RatingsRejected(problems)
    await store.replace_ratings(session, exam_id, given)
    return len(given)


async def upload_ratings(session: AsyncSession, exam_id: UUID, data: bytes) -> int:
    items = await store.exam_items(session, exam_id)
    ratings, lines, problems = read_ratings_csv(data)
    problems += _check(ratings, items, lines)
    if problems:
        raise RatingsRejected(problems)
    await store.replace_ratings(session, exam_id, ratings)
    return len({rating.panelist_id for rating in ratings})


async def angoff_report(session: AsyncSession, exam_id: UUID) -> AngoffReport:
    items = await store.exam_items(session, exam_id)
    on_exam = set(items)
    rated: dict[str, list[AngoffRating]] = defaultdict(list)
    for rating in await store.ratings(session, exam_id):
        if rating.item_id in on_exam:
            rated[rating.panelist_id].append(rating)
    complete = [p for p, given in rated.items() if len(given) == len(items)]
    incomplete = sorted(set(rated) - set(complete))
    if not complete or not items:
        raise NoCompletePanel(exam_id, "no panelist has rated every item of the exam")
    result = angoff_cut([r for p in complete for r in rated[p]], items)
    return AngoffReport(result=result, incomplete_panelists=incomplete)


def adopted_cut(report: AngoffReport) -> float:
    """The panel's recommended cut as the fraction an exam stores (to 0.0001, i.e. 0.01 %)."""
    return round(report.result.cut_percent / 100.0, 4)


async def adopt_cut(session: AsyncSession, exam_id: UUID) -> AngoffReport:
    """The exam's cut becomes the panel's recommended cut (``adopted_cut``)."""
    report = await angoff_report(session, exam_id)
    await store.set_cut(session, exam_id, adopted_cut(report))
    return report
