"""Information criteria and the likelihood-ratio test between nested models.

AIC = -2 l + 2 m and BIC = -2 l + m ln N (N examinees), the definitions ltm and mirt
print. The likelihood ratio 2 (l_full - l_nested) is referred to a chi-square with the
difference in parameter counts as degrees of freedom (Wilks); its upper tail comes from
scipy's regularised incomplete gamma (``chdtrc``). The statistic is clipped at 0: a nested
model can come out a hair above the full one only through convergence noise.
"""

from __future__ import annotations

import math

from scipy.special import chdtrc

from itembank.statistics.irt_results import ModelFit


def model_fit(model: str, parameters: int, log_likelihood: float, examinees: int) -> ModelFit:
    return ModelFit(
        model=model,
        parameters=parameters,
        log_likelihood=log_likelihood,
        aic=-2.0 * log_likelihood + 2.0 * parameters,
        bic=-2.0 * log_likelihood + parameters * math.log(examinees),
    )


def likelihood_ratio_test(full: ModelFit, nested: ModelFit) -> tuple[float, int, float]:
    """(statistic, degrees of freedom, p-value)."""
    statistic = max(0.0, 2.0 * (full.log_likelihood - nested.log_likelihood))
    df = full.parameters - nested.parameters
    return statistic, df, float(chdtrc(df, statistic))


def chi_square_upper_tail(statistic: float, degrees_of_freedom: int) -> float:
    return float(chdtrc(degrees_of_freedom, statistic))
