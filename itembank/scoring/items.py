"""Points for one item from the options a learner chose (no choice = wrong)."""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction

from itembank.items import ResponseFormat
from itembank.scoring.model import ItemResult, MultipleResponseScoring, ScoringItem


def is_exactly_the_keys(keys: frozenset[str], chosen: Collection[str]) -> bool:
    """The dichotomous rule: right iff every key and nothing else was chosen, each once.

    Unanswered (nothing chosen) is never right, since every item has at least one key.
    Statistics scores every item this way whatever partial credit the exam gave.
    """
    return len(chosen) == len(keys) and frozenset(chosen) == keys


def dichotomous_score(keys: frozenset[str], chosen: Collection[str]) -> int:
    """1 when `is_exactly_the_keys`, else 0: the score classical and Rasch analyses need."""
    return 1 if is_exactly_the_keys(keys, chosen) else 0


def item_points(
    item: ScoringItem, chosen: frozenset[str], rule: MultipleResponseScoring
) -> Fraction:
    """1 for exactly the keys; partial credit only for multiple-response items under `partial`.

    Partial: (keys chosen - non-keys chosen) / number of keys, never below 0. An option id
    that is not on the item counts as a non-key.
    """
    if is_exactly_the_keys(item.keys, chosen):
        return Fraction(1)
    if (
        item.response_format == ResponseFormat.SINGLE
        or rule == MultipleResponseScoring.ALL_OR_NOTHING
    ):
        return Fraction(0)
    right = len(chosen & item.keys)
    wrong = len(chosen - item.keys)
    return Fraction(max(0, right - wrong), len(item.keys))


def score_item(
    item: ScoringItem, response: Collection[str] | None, rule: MultipleResponseScoring
) -> ItemResult:
    """The scored result of one item; `response` None or empty means unanswered."""
    chosen = frozenset(response or ())
    points = item_points(item, chosen, rule)
    return ItemResult(
        revision_id=item.revision_id,
        domain=item.domain,
        kind=item.kind,
        response_format=item.response_format,
        keys=tuple(sorted(item.keys)),
        chosen=tuple(sorted(chosen)),
        answered=bool(chosen),
        correct=points == 1,
        points=points,
    )
