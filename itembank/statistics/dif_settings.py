"""Controls of the Mantel-Haenszel DIF analysis, with the reason behind each default.

min_reference = 100 and min_focal = 100: with fewer examinees in a group who saw the item,
  the item reads "insufficient data". The standard error of MH D-DIF is roughly
  2.35 sqrt(1 / (n_R p q) + 1 / (n_F p q)); with 100 per group and p near 0.7 that is about
  0.7 delta units, so only very large DIF (|D| >= 1.5, significantly beyond 1) can be
  told apart from chance, and the category is barely meaningful below that. Programs with
  bigger samples can raise these; the ETS practice is to demand several hundred.
significance = 0.05: the level of the MH chi-square test (category A unless significant)
  and of the one-sided test that |D| exceeds 1 (category C), as in the ETS rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from itembank.statistics.errors import InvalidSettingsError


@dataclass(frozen=True, slots=True, kw_only=True)
class DifSettings:
    min_reference: int = 100
    min_focal: int = 100
    significance: float = 0.05

    def __post_init__(self) -> None:
        problems = []
        if self.min_reference < 1 or self.min_focal < 1:
            problems.append("min_reference and min_focal must be at least 1")
        if not 0.0 < self.significance < 0.5:
            problems.append("significance must be within 0..0.5")
        if problems:
            raise InvalidSettingsError(problems)
