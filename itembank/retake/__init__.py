"""May this learner start an attempt now? Retake rules applied to the attempt history.

Import from here; the modules of this package hold the parts (`decision` combines the
rules, `rules` holds each rule on its own, `model` the policy, history and decision).
"""

from __future__ import annotations

from itembank.retake.decision import evaluate_start
from itembank.retake.model import (
    InvalidRetakePolicy,
    PastAttempt,
    RetakePolicy,
    StartDecision,
    StartReason,
)

__all__ = [
    "InvalidRetakePolicy",
    "PastAttempt",
    "RetakePolicy",
    "StartDecision",
    "StartReason",
    "evaluate_start",
]
