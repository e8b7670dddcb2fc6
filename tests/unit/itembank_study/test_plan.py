"""The study plan rule: weak domains weakest first, objectives missed most first, reading kept."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest

from itembank.study import DomainGuide, ItemMark, Objective, StudyResource, plan_study

RETAKE = datetime(2026, 12, 1, tzinfo=UTC)
READ_FILTERS = StudyResource(title="Filters guide", url="https://docs.example.org/filters")
READ_DATES = StudyResource(title="Relative dates", url="https://docs.example.org/dates")
GUIDES = {
    "reporting.filters": DomainGuide(
        domain="reporting.filters",
        title="Report filters",
        objectives=(
            Objective(id="1.1", title="Relative dates", resources=(READ_DATES,)),
            Objective(id="1.2", title="Filter scope"),
            Objective(id="1.3", title="Drill-through"),
        ),
        resources=(READ_FILTERS,),
    ),
    "security.access": DomainGuide(
        domain="security.access",
        objectives=(Objective(id="5.1", title="Roles"), Objective(id="5.2", title="Rules")),
    ),
}


def mark(domain: str, objective: str | None, points: str) -> ItemMark:
    return ItemMark(domain=domain, objective=objective, points=Fraction(points))


def test_only_domains_below_mastery_are_listed_weakest_first() -> None:
    marks = [
        mark("reporting.filters", "1.1", "0"),
        mark("reporting.filters", "1.2", "1"),
        mark("security.access", None, "0"),
        mark("security.access", None, "0"),
        mark("security.access", None, "1"),
        mark("data.modeling", None, "1"),
        mark("data.modeling", None, "1"),
    ]
    plan = plan_study(marks, GUIDES, Fraction(7, 10), RETAKE)
    assert [(d.domain, d.percent) for d in plan.domains] == [
        ("security.access", Fraction(100, 3)),
        ("reporting.filters", Fraction(50)),
    ]
    assert plan.retake_from == RETAKE


def test_a_domain_exactly_at_mastery_is_not_weak() -> None:
    marks = [mark("reporting.filters", None, "1"), mark("reporting.filters", None, "0")]
    assert plan_study(marks, GUIDES, Fraction(1, 2), None).domains == ()
    assert len(plan_study(marks, GUIDES, Fraction(51, 100), None).domains) == 1


def test_objectives_missed_most_come_first_and_mastered_ones_are_left_out() -> None:
    marks = [
        mark("reporting.filters", "1.3", "0"),
        mark("reporting.filters", "1.1", "0"),
        mark("reporting.filters", "1.1", "0"),
        mark("reporting.filters", "1.1", "1"),
        mark("reporting.filters", "1.2", "1"),
        mark("reporting.filters", "1.2", "1"),
    ]
    (domain,) = plan_study(marks, GUIDES, Fraction(7, 10), RETAKE).domains
    assert [(o.id, o.lost, o.asked) for o in domain.objectives] == [
        ("1.1", Fraction(2), 3),
        ("1.3", Fraction(1), 1),
    ]
    assert domain.objectives[0].title == "Relative dates"
    assert domain.objectives[0].resources == (READ_DATES,)
    assert domain.resources == (READ_FILTERS,)
    assert domain.title == "Report filters"
    assert all(o.targeted for o in domain.objectives)


def test_equal_losses_rank_the_larger_share_lost_first_then_the_guide_order() -> None:
    marks = [
        mark("reporting.filters", "1.2", "0"),
        mark("reporting.filters", "1.2", "1"),
        mark("reporting.filters", "1.3", "0"),
        mark("reporting.filters", "1.1", "0"),
    ]
    (domain,) = plan_study(marks, GUIDES, Fraction(9, 10), None).domains
    assert [o.id for o in domain.objectives] == ["1.1", "1.3", "1.2"]


def test_partial_credit_counts_as_the_points_lost() -> None:
    marks = [mark("reporting.filters", "1.2", "1/2"), mark("reporting.filters", "1.1", "1")]
    (domain,) = plan_study(marks, GUIDES, Fraction(9, 10), None).domains
    assert [(o.id, o.lost) for o in domain.objectives] == [("1.2", Fraction(1, 2))]
    assert domain.raw == Fraction(3, 2)


def test_without_objectives_on_items_the_guide_lists_every_objective_untargeted() -> None:
    marks = [mark("security.access", None, "0")]
    (domain,) = plan_study(marks, GUIDES, Fraction(7, 10), None).domains
    assert [(o.id, o.targeted, o.asked) for o in domain.objectives] == [
        ("5.1", False, 0),
        ("5.2", False, 0),
    ]


def test_an_undescribed_domain_or_objective_still_appears_by_its_code() -> None:
    marks = [mark("data.modeling", "3.9", "0"), mark("reporting.filters", "9.9", "0")]
    plan = plan_study(marks, GUIDES, Fraction(7, 10), None)
    assert [(d.domain, d.title, d.resources) for d in plan.domains] == [
        ("data.modeling", None, ()),
        ("reporting.filters", "Report filters", (READ_FILTERS,)),
    ]
    assert [(o.id, o.title) for d in plan.domains for o in d.objectives] == [
        ("3.9", None),
        ("9.9", None),
    ]


def test_a_threshold_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="share"):
        plan_study([], GUIDES, Fraction(70), None)
