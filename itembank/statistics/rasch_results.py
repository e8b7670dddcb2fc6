"""Output value objects of the Rasch calibration (JSON-friendly, undefined = None)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class RaschItemEstimate:
    """Difficulty b (logits, sum over estimable items = 0) and fit of one item.

    ``not_estimable_reason`` says why an item has no estimate (p = 0 or 1, ...). infit and
    outfit are the information-weighted and unweighted mean squares over the examinees with
    non-extreme scores, with their ML abilities.
    """

    item_id: str
    estimable: bool
    not_estimable_reason: str | None
    difficulty: float | None
    standard_error: float | None
    infit: float | None
    outfit: float | None
    persons: int | None = None
    """Examinees with non-extreme scores who saw the item: the basis of its fit statistics."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RaschAbility:
    """ML ability for one raw score on the calibrated items (None for 0 and the maximum)."""

    raw_score: int
    persons: int
    theta: float | None
    standard_error: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RaschCalibration:
    """Conditional ML item calibration (full CML for complete data, pairwise CML when
    examinees saw different items), ML abilities per raw score, item fit.

    ``estimable`` is False when no estimate exists (too few items or examinees left, or
    data so regular that the CML maximum lies at infinity); ``message`` then says why and
    every item is reported as not estimable.
    """

    method: str
    ability_method: str
    estimable: bool
    message: str | None
    converged: bool
    iterations: int
    conditional_log_likelihood: float | None
    persons_used: int
    persons_extreme: int
    items: list[RaschItemEstimate]
    abilities: list[RaschAbility]
