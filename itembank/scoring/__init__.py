"""Scoring a submitted form: points per item, total, pass/fail, sub-scores, study plan.

Import from here; the modules of this package hold the parts (`form` the whole report,
`items` the points of one item, `subscores` the per-domain and per-kind view, `model` the
values scoring takes and returns).
"""

from __future__ import annotations

from itembank.scoring.form import score_form, scoring_problems
from itembank.scoring.items import dichotomous_score, is_exactly_the_keys, item_points
from itembank.scoring.model import (
    DEFAULT_MASTERY_THRESHOLD,
    InvalidScoringInput,
    ItemResult,
    MultipleResponseScoring,
    ScoreReport,
    ScoringItem,
    ScoringRules,
    SubScore,
)

__all__ = [
    "DEFAULT_MASTERY_THRESHOLD",
    "InvalidScoringInput",
    "ItemResult",
    "MultipleResponseScoring",
    "ScoreReport",
    "ScoringItem",
    "ScoringRules",
    "SubScore",
    "dichotomous_score",
    "is_exactly_the_keys",
    "item_points",
    "score_form",
    "scoring_problems",
]
