"""Whether a learner's answer can be saved for an item: every rule, every problem at once.

An answer is the list of option ids the learner chose. Empty is allowed and means "no
answer yet" (a learner may clear a choice). Each chosen id must be an option of the item,
none may be chosen twice, and a single-response item takes at most one. Whether the answer
is right is scoring's business, not this check's.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from itembank.items import ResponseFormat
from itembank.problems import Problem


def answer_problems(
    option_ids: Collection[str],
    response_format: ResponseFormat,
    chosen: Sequence[str],
    *,
    where: str = "this item",
) -> list[Problem]:
    """Every reason `chosen` is not a valid answer; empty when it is.

    `where` names the item in the messages ("item 3"); problems carry the field `chosen`.
    """
    problems = [
        Problem(field="chosen", reason=f"{choice!r} is not an option of {where}")
        for choice in chosen
        if choice not in option_ids
    ]
    if len(set(chosen)) != len(chosen):
        problems.append(Problem(field="chosen", reason="an option is chosen twice"))
    if response_format is ResponseFormat.SINGLE and len(chosen) > 1:
        problems.append(Problem(field="chosen", reason="this item takes a single answer"))
    return problems
