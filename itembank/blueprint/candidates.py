"""What assembly draws from: one active revision of an item, as the blueprint sees it.

The caller passes only active revisions. Candidates that share an `item_set_id` form a
case study: delivered all together and contiguously, in the order they are passed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from itembank.blueprint.errors import InvalidCandidates
from itembank.items import Kind
from itembank.problems import Problem


@dataclass(frozen=True, slots=True)
class Candidate:
    """An active item revision that may go on a form."""

    revision_id: str
    item_id: str
    domain: str
    kind: Kind
    item_set_id: str | None = None
    option_ids: tuple[str, ...] = ()


def candidate_problems(candidates: Sequence[Candidate]) -> list[Problem]:
    """Repeated revisions, items (a form holds an item once) or option ids, and unknown kinds."""
    problems: list[Problem] = []
    revisions = Counter(c.revision_id for c in candidates)
    items = Counter(c.item_id for c in candidates)
    problems += [
        Problem(field=f"candidates.{rev}", reason=f"revision {rev} is listed {n} times")
        for rev, n in sorted(revisions.items())
        if n > 1
    ]
    problems += [
        Problem(
            field=f"candidates.{item}", reason=f"item {item} has {n} candidate revisions; pass one"
        )
        for item, n in sorted(items.items())
        if n > 1
    ]
    known = {kind.value for kind in Kind}
    for candidate in candidates:
        if candidate.kind not in known:
            problems.append(
                Problem(
                    field=f"candidates.{candidate.revision_id}",
                    reason=f"unknown kind {candidate.kind!r}",
                )
            )
        if len(set(candidate.option_ids)) != len(candidate.option_ids):
            problems.append(
                Problem(field=f"candidates.{candidate.revision_id}", reason="option ids repeat")
            )
    return problems


def raise_for_invalid_candidates(candidates: Sequence[Candidate]) -> None:
    """Raise `InvalidCandidates` listing every problem, if there is any."""
    problems = candidate_problems(candidates)
    if problems:
        raise InvalidCandidates(problems)
