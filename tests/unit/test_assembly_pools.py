"""The service keeps one prepared pool per blueprint and candidate set, and never mixes them."""

from __future__ import annotations

from fractions import Fraction

from itembank import Kind
from itembank.blueprint import Blueprint, Candidate
from service.attempts.assembly_pools import assembly_pool

BANK = [Candidate(f"pool-r{n}", f"pool-i{n}", "alpha", Kind.SCENARIO) for n in range(6)]


def test_the_same_blueprint_and_candidates_share_one_pool() -> None:
    first = assembly_pool(Blueprint({"alpha": 3}), BANK)
    assert assembly_pool(Blueprint({"alpha": 3}), list(BANK)) is first


def test_other_candidates_or_another_blueprint_get_their_own_pool() -> None:
    first = assembly_pool(Blueprint({"alpha": 3}), BANK)
    fewer = assembly_pool(Blueprint({"alpha": 3}), BANK[:5])
    assert fewer is not first and len(fewer.candidates) == 5
    larger = assembly_pool(Blueprint({"alpha": 4}), BANK)
    assert larger is not first and larger.limits.need == (4,)


def test_blueprints_with_equal_limits_do_not_share_a_pool() -> None:
    # no recall item in the bank: the two caps give the same limits but are not one blueprint
    capped = Blueprint({"alpha": 3}, recall_cap=Fraction(1, 5))
    other_cap = Blueprint({"alpha": 3}, recall_cap=Fraction(1, 4))
    kept = assembly_pool(capped, BANK)
    other = assembly_pool(other_cap, BANK)
    assert other.blueprint == other_cap and kept.blueprint == capped
