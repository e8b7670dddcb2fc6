"""Controls of the marginal ML (2PL and marginal Rasch) estimation, with their reasons.

quadrature_points = 41: Gauss-Hermite points for theta ~ N(0, 1). ltm uses 21, which is
  plenty for short tests (LSAT's estimates agree to 1e-4 with 21, 41 or 61 points) but not
  for long ones: with 100 items the posterior of theta is narrow (SD about 0.3) and 21
  nodes, about 0.5 apart near 0, bias the slopes (measured on 10,000 simulated examinees:
  RMSE of a 0.11 with 21 points, 0.04 with 41, the size of the sampling error). Time grows
  in proportion.
max_em_iterations = 500 and em_tolerance = 1e-4: (accelerated) EM stops when no slope or
  intercept moves by more than em_tolerance in one cycle; then up to ``newton_steps`` = 20
  Newton steps on the marginal likelihood with the observed information take the estimate
  to ``tolerance`` = 1e-6 (EM crawls near the optimum, Newton does not). The marginal
  Rasch comparison model runs EM to ``tolerance`` directly (its log-likelihood, the only
  figure used, is off by the square of the parameter error).
min_slope = 0.05: |a| below this makes b = -c / a undefined (reported as None). The item
  characteristic curve then rises by at most a / 4 = 0.0125 in probability per SD of
  ability: the item has no location worth reporting.
"""

from __future__ import annotations

from dataclasses import dataclass

from itembank.statistics.errors import InvalidSettingsError


@dataclass(frozen=True, slots=True, kw_only=True)
class IrtSettings:
    quadrature_points: int = 41
    max_em_iterations: int = 500
    em_tolerance: float = 1e-4
    tolerance: float = 1e-6
    newton_steps: int = 20
    min_slope: float = 0.05

    def __post_init__(self) -> None:
        problems = []
        if not 5 <= self.quadrature_points <= 201:
            problems.append("quadrature_points must be within 5..201")
        if self.max_em_iterations < 1 or not self.em_tolerance > 0.0:
            problems.append("max_em_iterations >= 1 and em_tolerance > 0 are required")
        if not 0.0 < self.tolerance <= self.em_tolerance:
            problems.append("tolerance must satisfy 0 < tolerance <= em_tolerance")
        if self.newton_steps < 0:
            problems.append("newton_steps must be >= 0")
        if not self.min_slope >= 0.0:
            problems.append("min_slope must be >= 0")
        if problems:
            raise InvalidSettingsError(problems)
