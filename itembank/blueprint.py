"""Exam blueprints: the model, its validation and the exact feasibility check, in one place.

Import from here; the `blueprint_*` modules hold the parts.
"""

from __future__ import annotations

from itembank.blueprint_candidates import Candidate, candidate_problems
from itembank.blueprint_errors import (
    BlueprintInfeasible,
    FeasibilitySearchTooLarge,
    InvalidBlueprint,
    InvalidCandidates,
    Problem,
)
from itembank.blueprint_feasibility import check_feasibility
from itembank.blueprint_kinds import ItemKind, KindRange
from itembank.blueprint_model import DEFAULT_RECALL_CAP, Blueprint
from itembank.blueprint_search import DEFAULT_SEARCH_LIMIT
from itembank.blueprint_shortfall import Shortfall, ShortfallReason
from itembank.blueprint_validation import blueprint_problems

__all__ = [
    "DEFAULT_RECALL_CAP",
    "DEFAULT_SEARCH_LIMIT",
    "Blueprint",
    "BlueprintInfeasible",
    "Candidate",
    "FeasibilitySearchTooLarge",
    "InvalidBlueprint",
    "InvalidCandidates",
    "ItemKind",
    "KindRange",
    "Problem",
    "Shortfall",
    "ShortfallReason",
    "blueprint_problems",
    "candidate_problems",
    "check_feasibility",
]
