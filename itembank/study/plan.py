"""The re-study plan of one scored attempt: weak domains, the objectives missed most, reading.

Pure: it takes what was scored (points per item with the item's domain and objective), the
bank's guide and the mastery threshold, and returns values; the service decides who may
see it and how much of it (see `service.study`). The plan names domains and objectives,
never items, so it can be shown whatever the exam's review setting hides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from itembank.study.guide import DomainGuide, Objective, StudyResource


@dataclass(frozen=True, slots=True)
class ItemMark:
    """One scored item as the plan needs it: where it belongs and the points it got."""

    domain: str
    objective: str | None
    points: Fraction
    max_points: int = 1


@dataclass(frozen=True, slots=True)
class ObjectiveStudy:
    """An objective to revise. `lost` and `asked` count points and items of the form.

    `targeted` is False when the form's items did not name objectives, so the plan could not
    tell which objectives were missed and lists the domain's objectives in the guide's order.
    """

    id: str
    title: str | None
    description: str | None
    resources: tuple[StudyResource, ...]
    lost: Fraction
    asked: int
    targeted: bool


@dataclass(frozen=True, slots=True)
class DomainStudy:
    domain: str
    title: str | None
    description: str | None
    raw: Fraction
    max_points: int
    objectives: tuple[ObjectiveStudy, ...]
    resources: tuple[StudyResource, ...]

    @property
    def share(self) -> Fraction:
        return self.raw / self.max_points

    @property
    def percent(self) -> Fraction:
        return self.share * 100


@dataclass(frozen=True, slots=True)
class StudyPlan:
    """Domains below mastery, weakest first; `retake_from` None means no retake is possible."""

    domains: tuple[DomainStudy, ...]
    mastery_threshold: Fraction
    retake_from: datetime | None


def plan_study(
    marks: Iterable[ItemMark],
    guides: Mapping[str, DomainGuide],
    mastery_threshold: Fraction,
    retake_from: datetime | None,
) -> StudyPlan:
    """Each domain whose share of points is below `mastery_threshold` (a share, 0-1).

    Within a domain, the objectives with lost points come first, most points lost first (then
    the larger share lost, then the guide's order); objectives with nothing lost are left out,
    since the learner showed them. A missed item that names no objective, or one the guide
    does not describe, still counts in its domain's score.
    """
    if not 0 <= mastery_threshold <= 1:
        raise ValueError(
            f"mastery_threshold must be a share between 0 and 1; got {mastery_threshold}"
        )
    by_domain: dict[str, list[ItemMark]] = {}
    for mark in marks:
        by_domain.setdefault(mark.domain, []).append(mark)
    weak = []
    for domain, domain_marks in by_domain.items():
        raw = sum((mark.points for mark in domain_marks), Fraction(0))
        max_points = sum(mark.max_points for mark in domain_marks)
        if max_points == 0 or raw / max_points >= mastery_threshold:
            continue
        guide = guides.get(domain, DomainGuide(domain=domain))
        weak.append(
            DomainStudy(
                domain=domain,
                title=guide.title,
                description=guide.description,
                raw=raw,
                max_points=max_points,
                objectives=_objectives(domain_marks, guide),
                resources=guide.resources,
            )
        )
    weak.sort(key=lambda study: (study.share, study.domain))
    return StudyPlan(
        domains=tuple(weak), mastery_threshold=mastery_threshold, retake_from=retake_from
    )


def _objectives(marks: list[ItemMark], guide: DomainGuide) -> tuple[ObjectiveStudy, ...]:
    if not any(mark.objective is not None for mark in marks):
        return tuple(
            _study(objective, Fraction(0), 0, targeted=False) for objective in guide.objectives
        )
    lost: dict[str, Fraction] = {}
    asked: dict[str, int] = {}
    for mark in marks:
        if mark.objective is None:
            continue
        lost[mark.objective] = lost.get(mark.objective, Fraction(0)) + mark.max_points - mark.points
        asked[mark.objective] = asked.get(mark.objective, 0) + 1
    order = {objective.id: index for index, objective in enumerate(guide.objectives)}
    missed = sorted(
        (objective_id for objective_id, points in lost.items() if points > 0),
        key=lambda objective_id: (
            -lost[objective_id],
            -lost[objective_id] / asked[objective_id],
            order.get(objective_id, len(order)),
            objective_id,
        ),
    )
    return tuple(
        _study(
            guide.objective(objective_id) or Objective(id=objective_id, title=""),
            lost[objective_id],
            asked[objective_id],
            targeted=True,
        )
        for objective_id in missed
    )


def _study(objective: Objective, lost: Fraction, asked: int, *, targeted: bool) -> ObjectiveStudy:
    return ObjectiveStudy(
        id=objective.id,
        title=objective.title or None,
        description=objective.description,
        resources=objective.resources,
        lost=lost,
        asked=asked,
        targeted=targeted,
    )
