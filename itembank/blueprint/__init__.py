"""Exam blueprints: the model, its validation and the exact feasibility check, in one place.

Import from here; the modules of this package hold the parts.
"""

from __future__ import annotations

from itembank.blueprint.candidates import Candidate, candidate_problems
from itembank.blueprint.errors import FeasibilitySearchTooLarge, InvalidBlueprint, InvalidCandidates
from itembank.blueprint.feasibility import check_feasibility
from itembank.blueprint.kinds import KindRange
from itembank.blueprint.model import DEFAULT_RECALL_CAP, Blueprint
from itembank.blueprint.search import DEFAULT_SEARCH_LIMIT
from itembank.blueprint.shortfall import BlueprintInfeasible, Shortfall, ShortfallReason
from itembank.blueprint.space import Limits
from itembank.blueprint.validation import blueprint_problems

__all__ = [
    "DEFAULT_RECALL_CAP",
    "DEFAULT_SEARCH_LIMIT",
    "Blueprint",
    "BlueprintInfeasible",
    "Candidate",
    "FeasibilitySearchTooLarge",
    "InvalidBlueprint",
    "InvalidCandidates",
    "KindRange",
    "Limits",
    "Shortfall",
    "ShortfallReason",
    "blueprint_problems",
    "candidate_problems",
    "check_feasibility",
]
