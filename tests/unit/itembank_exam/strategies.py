"""Hypothesis strategies: small random banks, random blueprints, and banks with a planted form."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import assume
from hypothesis import strategies as st

from itembank import Kind
from itembank.blueprint import Blueprint, Candidate, InvalidBlueprint, KindRange
from tests.unit.itembank_exam.brute_force import units_of

DOMAINS = ("alpha", "beta", "gamma")
OUTSIDE_DOMAIN = "outside"
CAPS = (Fraction(0), Fraction(1, 5), Fraction(1, 4), Fraction(1, 2), Fraction(1))
KINDS = tuple(Kind)


_DOMAIN_CHOICES = st.sampled_from((*DOMAINS, *DOMAINS, OUTSIDE_DOMAIN))
_KIND_CHOICES = st.sampled_from(KINDS)


@st.composite
def banks(
    draw: st.DrawFn, max_items: int = 10, max_sets: int = 3, min_items: int = 0
) -> list[Candidate]:
    """Up to `max_items` candidates, some in item sets, a few in a domain no blueprint lists."""
    sets = draw(st.integers(0, max_sets))
    rows = draw(
        st.lists(
            st.tuples(_DOMAIN_CHOICES, _KIND_CHOICES, st.integers(0, 2 * sets), st.integers(2, 5)),
            min_size=min_items,
            max_size=max_items,
        )
    )
    return [
        Candidate(
            revision_id=f"rev-{n}",
            item_id=f"item-{n}",
            domain=domain,
            kind=kind,
            item_set_id=f"set-{slot}" if slot < sets else None,
            option_ids=tuple(f"opt-{k}" for k in range(options)),
        )
        for n, (domain, kind, slot, options) in enumerate(rows)
    ]


def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    edges = [0, *cuts, total]
    return [edges[i + 1] - edges[i] for i in range(parts)]


@st.composite
def blueprints(draw: st.DrawFn) -> Blueprint:
    """A valid blueprint over some of DOMAINS, with no, exact or ranged kind counts."""
    domains = draw(st.lists(st.sampled_from(DOMAINS), min_size=1, max_size=3, unique=True))
    counts = {domain: draw(st.integers(1, 3)) for domain in domains}
    total = sum(counts.values())
    cap = draw(st.sampled_from(CAPS))
    limit = math.floor(cap * total)
    mode = draw(st.sampled_from(("free", "exact", "ranges")))
    if mode == "free":
        return Blueprint(counts, recall_cap=cap)
    if mode == "exact":
        recall = draw(st.integers(0, limit))
        others = _split(draw, total - recall, 3)
        kind_counts = dict(zip(KINDS, [*others, recall], strict=True))
        return Blueprint(counts, kind_counts=kind_counts, recall_cap=cap)
    ranges = {}
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=4, unique=True)):
        low = draw(st.integers(0, 2))
        high = draw(st.one_of(st.none(), st.integers(low, low + 3)))
        ranges[kind] = KindRange(low, high)
    try:
        return Blueprint(counts, kind_ranges=ranges, recall_cap=cap)
    except InvalidBlueprint:
        return Blueprint(counts, recall_cap=cap)


@dataclass(frozen=True)
class Planted:
    """A bank and a blueprint built around `form`, so at least that form meets it."""

    blueprint: Blueprint
    bank: list[Candidate]
    form: tuple[Candidate, ...]


@st.composite
def planted(draw: st.DrawFn, max_items: int = 10, max_sets: int = 3) -> Planted:
    bank = draw(banks(max_items=max_items, max_sets=max_sets, min_items=1))
    units = [u for u in units_of(bank) if all(c.domain != OUTSIDE_DOMAIN for c in u)]
    assume(units)
    chosen = draw(st.lists(st.sampled_from(units), min_size=1, unique=True))
    form = tuple(item for unit in chosen for item in unit)
    counts: dict[str, int] = {}
    for item in form:
        counts[item.domain] = counts.get(item.domain, 0) + 1
    per_kind = {kind: sum(item.kind == kind for item in form) for kind in KINDS}
    total = len(form)
    caps = [c for c in CAPS if math.floor(c * total) >= per_kind[Kind.RECALL]]
    cap = draw(st.sampled_from(caps))
    mode = draw(st.sampled_from(("free", "exact", "ranges")))
    if mode == "free":
        blueprint = Blueprint(counts, recall_cap=cap)
    elif mode == "exact":
        blueprint = Blueprint(counts, kind_counts=per_kind, recall_cap=cap)
    else:
        ranges = {
            kind: KindRange(
                per_kind[kind] - draw(st.integers(0, per_kind[kind])),
                draw(st.one_of(st.none(), st.integers(per_kind[kind], per_kind[kind] + 2))),
            )
            for kind in draw(st.lists(st.sampled_from(KINDS), max_size=4, unique=True))
        }
        blueprint = Blueprint(counts, kind_ranges=ranges, recall_cap=cap)
    return Planted(blueprint, bank, form)


exposures = st.dictionaries(st.sampled_from([f"rev-{n}" for n in range(24)]), st.integers(0, 4))


@st.composite
def near_misses(draw: st.DrawFn) -> tuple[Blueprint, list[Candidate]]:
    """A planted case with its blueprint nudged: often just feasible, often just not."""
    case = draw(planted(max_items=12, max_sets=4))
    blueprint = case.blueprint
    counts = dict(blueprint.domain_counts)
    domain = draw(st.sampled_from(sorted(counts)))
    step = draw(st.sampled_from((-1, 0, 1)))
    counts[domain] = max(1, counts[domain] + step)
    step = sum(counts.values()) - blueprint.total_items
    cap = draw(st.sampled_from(CAPS))
    kind_counts = dict(blueprint.kind_counts) if blueprint.kind_counts is not None else None
    if kind_counts is not None:
        if step:
            available = [k for k in KINDS if kind_counts[k] + step >= 0]
            kind_counts[draw(st.sampled_from(available))] += step
        source = draw(st.sampled_from(KINDS))
        if kind_counts[source] and draw(st.booleans()):
            kind_counts[source] -= 1
            kind_counts[draw(st.sampled_from(KINDS))] += 1
    try:
        nudged = Blueprint(counts, kind_counts, blueprint.kind_ranges, cap)
    except InvalidBlueprint:
        nudged = blueprint
    return nudged, case.bank
