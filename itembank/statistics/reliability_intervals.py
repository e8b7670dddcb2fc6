"""Feldt's confidence interval for Cronbach's alpha, and alpha per domain subscore.

Feldt (1965): for N examinees and k items, (1 - alpha) / (1 - alpha_hat) follows an F
distribution with N - 1 and (N - 1)(k - 1) degrees of freedom, so the two-sided interval
at level 1 - g is

  [1 - (1 - alpha_hat) F_{1 - g/2}(N - 1, (N - 1)(k - 1)),
   1 - (1 - alpha_hat) F_{g/2}(N - 1, (N - 1)(k - 1))]

(Feldt, Woodruff & Salih, 1987, formulas 6 and 7; R's psychometric::alpha.CI and
cocron::cronbach.alpha.CI); F quantiles from scipy's ``fdtri``. With
forms drawn from a pool k is the mean form length L (the alpha is that of the average
form, ``reliability``), rounded down to a whole number of items for the degrees of freedom.

Domain subscores: learners are shown a score per blueprint domain, so each domain's
reliability is reported too: the same estimator (KR-20, of the average form when forms
are drawn) on that domain's items alone, with its SEM and Feldt interval. Short domains are
unreliable; that is what the figure is for. A domain with fewer than 2 items (per form,
on average) has no alpha (None).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import fdtri

from itembank.statistics.errors import InvalidResponsesError
from itembank.statistics.moments import response_moments
from itembank.statistics.numeric import optional_float
from itembank.statistics.reliability import (
    cronbach_alpha,
    population_sd,
    standard_error_of_measurement,
)
from itembank.statistics.responses import ExamResponses


@dataclass(frozen=True, slots=True, kw_only=True)
class AlphaInterval:
    level: float
    lower: float
    upper: float


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainReliability:
    domain: str
    items: int
    mean_form_length: float
    alpha: float | None
    sem: float | None
    interval: AlphaInterval | None


def feldt_interval(
    alpha: float, examinees: int, items: float, level: float = 0.95
) -> AlphaInterval | None:
    """None when undefined (alpha not finite, fewer than 2 examinees or items)."""
    if not 0.0 < level < 1.0:
        raise InvalidResponsesError(["level must lie strictly between 0 and 1"])
    k = math.floor(items)
    if not math.isfinite(alpha) or examinees < 2 or k < 2:
        return None
    df1 = examinees - 1.0
    df2 = df1 * (k - 1.0)
    tail = (1.0 - level) / 2.0
    return AlphaInterval(
        level=level,
        lower=1.0 - (1.0 - alpha) * float(fdtri(df1, df2, 1.0 - tail)),
        upper=1.0 - (1.0 - alpha) * float(fdtri(df1, df2, tail)),
    )


def domain_reliability(
    data: ExamResponses, domains: Sequence[str], level: float = 0.95
) -> list[DomainReliability]:
    """``domains[j]`` = the blueprint domain of item column j; one result per domain, in
    order of first appearance."""
    if len(domains) != data.n_items:
        raise InvalidResponsesError([f"{len(domains)} domains given for {data.n_items} items"])
    labels = np.array(domains, dtype=object)
    results = []
    for domain in dict.fromkeys(domains):
        columns = labels == domain
        scores = np.ascontiguousarray(data.scores[:, columns])
        presented = None
        if data.presented is not None:
            # examinees whose form had none of the domain's items have no subscore for it
            answered = data.presented[:, columns].any(axis=1)
            scores, presented = scores[answered], data.presented[answered][:, columns]
        if len(scores) == 0:
            results.append(
                DomainReliability(
                    domain=domain,
                    items=int(columns.sum()),
                    mean_form_length=0.0,
                    alpha=None,
                    sem=None,
                    interval=None,
                )
            )
            continue
        moments = response_moments(scores, presented)
        alpha = cronbach_alpha(moments)
        sem = standard_error_of_measurement(population_sd(moments), alpha)
        length = moments.mean_form_length
        results.append(
            DomainReliability(
                domain=domain,
                items=int(columns.sum()),
                mean_form_length=length,
                alpha=optional_float(alpha),
                sem=optional_float(sem),
                interval=feldt_interval(alpha, moments.n, length, level),
            )
        )
    return results
