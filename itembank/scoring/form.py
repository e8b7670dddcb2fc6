"""Scoring a submitted form: points per item, total, pass/fail, sub-scores, study plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction

from itembank.blueprint.kinds import KIND_ORDER
from itembank.items import ResponseFormat
from itembank.problems import Problem
from itembank.ratios import exact_ratio
from itembank.scoring.items import score_item
from itembank.scoring.model import (
    InvalidScoringInput,
    ItemResult,
    ScoreReport,
    ScoringItem,
    ScoringRules,
)
from itembank.scoring.subscores import percent_of, study_plan, subscores


def score_form(
    items: Sequence[ScoringItem],
    responses: Mapping[str, Collection[str]],
    rules: ScoringRules,
) -> ScoreReport:
    """Score `responses` (chosen option ids per revision id; missing = unanswered).

    Every item is worth 1 point. Passing means percent >= the cut score, compared exactly.
    Raises `InvalidScoringInput` listing every problem with the items or responses.
    """
    problems = scoring_problems(items, responses)
    if problems:
        raise InvalidScoringInput(problems)
    results = tuple(
        score_item(item, responses.get(item.revision_id), rules.multiple_response) for item in items
    )
    raw = sum((result.points for result in results), Fraction(0))
    max_points = sum(result.max_points for result in results)
    percent = percent_of(raw, max_points)
    cut = exact_ratio(rules.cut_score_percent)
    by_domain = subscores(results, _domain, sorted({r.domain for r in results}))
    by_kind = subscores(results, _kind, [kind.value for kind in KIND_ORDER])
    return ScoreReport(
        items=results,
        raw=raw,
        max_points=max_points,
        percent=percent,
        cut_score_percent=cut,
        passed=percent >= cut,
        by_domain=by_domain,
        by_kind=by_kind,
        study_plan=study_plan(by_domain, exact_ratio(rules.mastery_threshold)),
    )


def scoring_problems(
    items: Sequence[ScoringItem], responses: Mapping[str, Collection[str]]
) -> list[Problem]:
    """Everything that stops scoring: no items, repeated items, bad keys, stray responses."""
    problems = []
    if not items:
        problems.append(
            Problem(field="items", reason="a form needs at least one item to be scored")
        )
    counts = Counter(item.revision_id for item in items)
    problems += [
        Problem(field=f"items.{rev}", reason=f"appears {n} times")
        for rev, n in counts.items()
        if n > 1
    ]
    for item in items:
        if item.response_format == ResponseFormat.SINGLE and len(item.keys) != 1:
            problems.append(
                Problem(
                    field=f"items.{item.revision_id}",
                    reason="a single-response item needs exactly one key",
                )
            )
        elif not item.keys:
            problems.append(
                Problem(field=f"items.{item.revision_id}", reason="an item needs at least one key")
            )
    problems += [
        Problem(field=f"responses.{rev}", reason="answers an item that is not on the form")
        for rev in sorted(set(responses) - set(counts))
    ]
    return problems


def _domain(result: ItemResult) -> str:
    return result.domain


def _kind(result: ItemResult) -> str:
    return str(result.kind)
