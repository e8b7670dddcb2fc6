"""Exposure: over many seeds items are used about evenly; with feedback, evenly to within one."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from itembank import Kind
from itembank.assembly import assemble_form
from itembank.blueprint import Blueprint, Candidate

CELLS = {
    ("alpha", Kind.SCENARIO): 10,
    ("alpha", Kind.RECALL): 5,
    ("beta", Kind.DIAGNOSTIC): 8,
    ("beta", Kind.SYNTHESIS): 4,
    ("beta", Kind.RECALL): 3,
}
BANK = [
    Candidate(f"{domain}-{kind}-{n}", f"item-{domain}-{kind}-{n}", domain, kind)
    for (domain, kind), size in CELLS.items()
    for n in range(size)
]
BLUEPRINT = Blueprint({"alpha": 4, "beta": 4}, recall_cap=Fraction(1, 4))


def cell_usage(usage: Counter[str]) -> dict[tuple[str, Kind], list[int]]:
    by_cell: dict[tuple[str, Kind], list[int]] = {}
    for candidate in BANK:
        by_cell.setdefault((candidate.domain, candidate.kind), []).append(
            usage[candidate.revision_id]
        )
    return by_cell


def test_items_of_one_domain_and_kind_are_used_about_equally_over_many_seeds() -> None:
    draws = 600
    usage: Counter[str] = Counter()
    for seed in range(draws):
        usage.update(assemble_form(BLUEPRINT, BANK, seed=seed).revision_ids)
    for cell, counts in cell_usage(usage).items():
        mean = sum(counts) / len(counts)
        assert mean > 30, f"{cell} is too rarely used for the test to mean anything"
        # The seeds are fixed, so this cannot flake. The largest deviation is about 11% (at
        # least 3.5 binomial standard deviations below 25%); a draw that ignored the random
        # tie-break would always take the same items and be off by 100% or more.
        assert all(abs(count - mean) <= 0.25 * mean for count in counts), (cell, counts)


def test_feeding_exposure_back_keeps_usage_within_one_per_domain_and_kind() -> None:
    exposure: Counter[str] = Counter()
    for seed in range(120):
        form = assemble_form(BLUEPRINT, BANK, seed=seed, exposure=exposure)
        exposure.update(form.revision_ids)
        for cell, counts in cell_usage(exposure).items():
            assert max(counts) - min(counts) <= 1, (seed, cell, counts)
    assert min(exposure[c.revision_id] for c in BANK) > 0


def test_the_least_exposed_items_are_taken_first() -> None:
    bank = [Candidate(f"rev-{n}", f"item-{n}", "alpha", Kind.SCENARIO) for n in range(5)]
    exposure = {"rev-0": 3, "rev-1": 0, "rev-2": 7, "rev-3": 1, "rev-4": 3}
    for seed in range(20):
        form = assemble_form(Blueprint({"alpha": 2}), bank, seed=seed, exposure=exposure)
        assert set(form.revision_ids) == {"rev-1", "rev-3"}
