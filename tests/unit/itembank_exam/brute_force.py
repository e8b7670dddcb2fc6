"""Reference answers by exhaustive search, for checking the real algorithms on tiny banks."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from itembank import Kind
from itembank.assembly import Form
from itembank.blueprint import Blueprint, Candidate


def units_of(candidates: Sequence[Candidate]) -> list[tuple[Candidate, ...]]:
    """Single items and whole item sets, each a tuple of its candidates."""
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        key = candidate.item_set_id or f"single:{candidate.revision_id}"
        groups.setdefault(key, []).append(candidate)
    return [tuple(members) for members in groups.values()]


def meets_blueprint(blueprint: Blueprint, items: Sequence[Candidate]) -> bool:
    """The blueprint's rules, written out directly from its fields (not via kind_bounds)."""
    total = blueprint.total_items
    if len(items) != total or any(i.domain not in blueprint.domain_counts for i in items):
        return False
    for domain, count in blueprint.domain_counts.items():
        if sum(i.domain == domain for i in items) != count:
            return False
    per_kind = {kind: sum(i.kind == kind for i in items) for kind in Kind}
    if blueprint.kind_counts is not None and any(
        per_kind[kind] != blueprint.kind_counts.get(kind, 0) for kind in Kind
    ):
        return False
    for kind, bounds in (blueprint.kind_ranges or {}).items():
        if per_kind[kind] < bounds.minimum:
            return False
        if bounds.maximum is not None and per_kind[kind] > bounds.maximum:
            return False
    return per_kind[Kind.RECALL] <= blueprint.recall_limit


def all_forms(
    blueprint: Blueprint, candidates: Sequence[Candidate]
) -> Iterator[tuple[Candidate, ...]]:
    """Every choice of whole units that meets the blueprint."""
    units = units_of(candidates)
    for size in range(len(units) + 1):
        for combination in itertools.combinations(units, size):
            items = tuple(item for unit in combination for item in unit)
            if meets_blueprint(blueprint, items):
                yield items


def form_exists(blueprint: Blueprint, candidates: Sequence[Candidate]) -> bool:
    return next(all_forms(blueprint, candidates), None) is not None


def form_candidates(form: Form, candidates: Sequence[Candidate]) -> list[Candidate]:
    by_revision = {candidate.revision_id: candidate for candidate in candidates}
    return [by_revision[item.revision_id] for item in form.items]
