"""Every way a blueprint can contradict itself, found in one pass (not only the first)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from itembank.blueprint.kinds import KindRange
from itembank.items import Kind
from itembank.problems import Problem
from itembank.ratios import Ratio, exact_ratio


def blueprint_problems(
    domain_counts: Mapping[str, int],
    kind_counts: Mapping[Kind, int] | None,
    kind_ranges: Mapping[Kind, KindRange] | None,
    recall_cap: Ratio,
) -> list[Problem]:
    """All problems with these blueprint fields; empty when they make a valid blueprint."""
    problems = _domain_problems(domain_counts)
    total = sum(c for c in domain_counts.values() if _is_count(c) and c > 0)
    cap = _cap(recall_cap, problems)
    recall_limit = math.floor(cap * total) if cap is not None else None
    if kind_counts is not None and kind_ranges is not None:
        problems.append(
            Problem(
                field="kind_counts", reason="give either exact kind counts or kind ranges, not both"
            )
        )
    elif kind_counts is not None:
        problems += _kind_count_problems(kind_counts, total, recall_limit)
    elif kind_ranges is not None:
        problems += _kind_range_problems(kind_ranges, total, recall_limit)
    return problems


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _domain_problems(domain_counts: Mapping[str, int]) -> list[Problem]:
    problems: list[Problem] = []
    if not domain_counts:
        problems.append(
            Problem(field="domain_counts", reason="a blueprint needs at least one domain")
        )
    for domain, count in domain_counts.items():
        if not isinstance(domain, str) or not domain.strip():
            problems.append(
                Problem(field="domain_counts", reason=f"domain name {domain!r} is empty")
            )
        if not _is_count(count) or count < 1:
            problems.append(
                Problem(
                    field=f"domain_counts.{domain}",
                    reason=f"must be a whole number of at least 1, got {count!r}",
                )
            )
    return problems


def _cap(recall_cap: Ratio, problems: list[Problem]) -> Fraction | None:
    try:
        cap = exact_ratio(recall_cap)
    except (TypeError, ValueError):
        problems.append(Problem(field="recall_cap", reason=f"must be a number, got {recall_cap!r}"))
        return None
    if not 0 <= cap <= 1:
        problems.append(
            Problem(field="recall_cap", reason=f"must be between 0 and 1, got {recall_cap!r}")
        )
        return None
    return cap


def _kind_key_problems(field: str, keys: list[object]) -> list[Problem]:
    known = {kind.value for kind in Kind}
    return [
        Problem(
            field=f"{field}.{key}", reason=f"unknown kind; use one of {', '.join(sorted(known))}"
        )
        for key in keys
        if key not in known
    ]


def _kind_count_problems(
    kind_counts: Mapping[Kind, int], total: int, recall_limit: int | None
) -> list[Problem]:
    problems = _kind_key_problems("kind_counts", list(kind_counts))
    for kind, count in kind_counts.items():
        if not _is_count(count) or count < 0:
            problems.append(
                Problem(
                    field=f"kind_counts.{kind}",
                    reason=f"must be a whole number of at least 0, got {count!r}",
                )
            )
    if problems:
        return problems
    if sum(kind_counts.values()) != total:
        problems.append(
            Problem(
                field="kind_counts",
                reason=f"kind counts add up to {sum(kind_counts.values())} "
                f"but the domain counts add up to {total}",
            )
        )
    recall = kind_counts.get(Kind.RECALL, 0)
    if recall_limit is not None and recall > recall_limit:
        problems.append(
            Problem(
                field=f"kind_counts.{Kind.RECALL}",
                reason=f"{recall} recall items exceed the recall cap of {recall_limit} "
                f"on a {total}-item form",
            )
        )
    return problems


def _kind_range_problems(
    kind_ranges: Mapping[Kind, KindRange], total: int, recall_limit: int | None
) -> list[Problem]:
    problems = _kind_key_problems("kind_ranges", list(kind_ranges))
    for kind, bounds in kind_ranges.items():
        field = f"kind_ranges.{kind}"
        low, high = bounds.minimum, bounds.maximum
        if not _is_count(low) or low < 0:
            problems.append(
                Problem(
                    field=field, reason=f"minimum must be a whole number of at least 0, got {low!r}"
                )
            )
        elif high is not None and (not _is_count(high) or high < low):
            problems.append(
                Problem(
                    field=field,
                    reason=f"maximum must be a whole number of at least {low}, got {high!r}",
                )
            )
    if problems:
        return problems
    minimum_total = sum(bounds.minimum for bounds in kind_ranges.values())
    if minimum_total > total:
        problems.append(
            Problem(
                field="kind_ranges",
                reason=f"kind minimums add up to {minimum_total}, more than the {total} items",
            )
        )
    maximum_total = sum(_effective_maximum(kind_ranges, kind, total, recall_limit) for kind in Kind)
    if maximum_total < total:
        problems.append(
            Problem(
                field="kind_ranges",
                reason=f"kind maximums (with the recall cap) allow at most {maximum_total} items, "
                f"fewer than the {total} items",
            )
        )
    recall = kind_ranges.get(Kind.RECALL)
    if recall_limit is not None and recall is not None and recall.minimum > recall_limit:
        problems.append(
            Problem(
                field=f"kind_ranges.{Kind.RECALL}",
                reason=f"a minimum of {recall.minimum} recall items exceeds the recall cap of "
                f"{recall_limit} on a {total}-item form",
            )
        )
    return problems


def _effective_maximum(
    kind_ranges: Mapping[Kind, KindRange], kind: Kind, total: int, recall_limit: int | None
) -> int:
    bounds = kind_ranges.get(kind)
    high = total if bounds is None or bounds.maximum is None else min(bounds.maximum, total)
    if kind == Kind.RECALL and recall_limit is not None:
        high = min(high, recall_limit)
    return high
