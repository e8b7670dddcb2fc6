"""Points for one item from the options a learner chose (no choice = wrong)."""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction

from itembank.items import ResponseFormat
from itembank.scoring.model import ItemResult, MultipleResponseScoring, ScoringItem


def item_points(
    item: ScoringItem, chosen: frozenset[str], rule: MultipleResponseScoring
) -> Fraction:
    """1 for exactly the keys; partial credit only for multiple-response items under `partial`.

    Partial: (keys chosen - non-keys chosen) / number of keys, never below 0. An option id
    that is not on the item counts as a non-key.
    """
    if chosen == item.keys:
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
