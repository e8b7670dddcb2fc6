"""Output value objects of the Mantel-Haenszel DIF analysis (undefined = None)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class DifItem:
    """One item, reference against focal group, matched on the strata of ``DifAnalysis``.

    ``status`` is "ok" or "insufficient data" (``reason`` says why: a group below its
    minimum, or no stratum with both groups and both outcomes). ``common_odds_ratio``
    alpha_MH > 1 means the item is easier for the reference group than for focal examinees
    of the same score; ``delta`` (MH D-DIF = -2.35 ln alpha_MH) is then negative.
    ``category`` is the ETS A/B/C class and ``favours`` names the group the item favours
    (None for A).
    """

    item_id: str
    status: str
    reason: str | None
    n_reference: int
    n_focal: int
    strata: int
    common_odds_ratio: float | None
    chi_square: float | None
    p_value: float | None
    delta: float | None
    delta_se: float | None
    category: str | None
    favours: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DifAnalysis:
    reference: str
    focal: str
    matching: str
    min_reference: int
    min_focal: int
    significance: float
    items: list[DifItem]
