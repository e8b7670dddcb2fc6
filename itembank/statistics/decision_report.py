"""The decision sections of a statistics report, computed together from one response matrix.

Why one function: the exam report and the report of an uploaded response file must show
the same sections computed the same way, so both call this with the classical/Rasch
analysis they already have.

- ``two_pl``: the 2PL calibration beside marginal Rasch (AIC, BIC, likelihood ratio).
- ``theta_cut``: the percent cut carried to the Rasch scale with the calibrated items as the
  reference form (TCC(theta_cut) = cut% of them; ``reporting_scale``).
- ``precision``: test information and conditional SEM at theta_cut for the *average form*:
  with forms drawn from a pool each attempt sees about L of the k calibrated items, so the
  pool's information (a sum over items) is scaled by L / k, the raw-score CSEM by
  sqrt(L / k), and the expected raw score by L / k. With one form for everyone L = k.
- ``decisions``: decision accuracy and consistency by Rudner's IRT method, from each
  examinee's ability on the items they saw with the Rasch difficulties held fixed.
- ``alpha_interval``: Feldt's 95% interval for alpha (KR-20 of the average form).
- ``domains``: alpha, SEM and Feldt interval of each domain subscore.
- ``dif``: Mantel-Haenszel DIF of every other group against the largest group (the
  reference), at most ``MAX_FOCAL_GROUPS`` focal groups, largest first; ``dif_note`` says
  why there is none (no groups, or a single group).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from itembank.statistics.ability import estimate_abilities
from itembank.statistics.analysis import ExamAnalysis
from itembank.statistics.decision_precision import (
    CutPrecision,
    DecisionConsistency,
    decision_consistency,
    precision_at_cut,
)
from itembank.statistics.dif import mantel_haenszel_dif
from itembank.statistics.dif_results import DifAnalysis
from itembank.statistics.dif_settings import DifSettings
from itembank.statistics.irt_2pl import calibrate_2pl
from itembank.statistics.irt_functions import rasch_parameters
from itembank.statistics.irt_results import TwoPLCalibration
from itembank.statistics.irt_settings import IrtSettings
from itembank.statistics.reliability_intervals import (
    AlphaInterval,
    DomainReliability,
    domain_reliability,
    feldt_interval,
)
from itembank.statistics.reporting_scale import theta_cut_from_percent
from itembank.statistics.responses import ExamResponses

MAX_FOCAL_GROUPS = 10
PRECISION_BASIS = "Rasch difficulties; average form of L items = pool information x L / k"


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionReport:
    two_pl: TwoPLCalibration
    cut_percent: float | None
    theta_cut: float | None
    precision_basis: str
    precision: CutPrecision | None
    decisions: DecisionConsistency | None
    alpha_interval: AlphaInterval | None
    domains: list[DomainReliability]
    dif: list[DifAnalysis]
    dif_note: str | None


def rasch_difficulties(analysis: ExamAnalysis, n_items: int) -> np.ndarray:
    """Column j's Rasch difficulty, NaN where the item was not calibrated."""
    b = np.full(n_items, np.nan)
    if analysis.rasch is not None and analysis.rasch.estimable:
        for j, item in enumerate(analysis.rasch.items):
            if item.difficulty is not None:
                b[j] = item.difficulty
    return b


def analyse_decisions(
    data: ExamResponses,
    analysis: ExamAnalysis,
    *,
    cut_percent: float | None,
    domains: Sequence[str] | None = None,
    groups: Sequence[str | None] | None = None,
    irt_settings: IrtSettings | None = None,
    dif_settings: DifSettings | None = None,
    two_pl: Callable[[], TwoPLCalibration] | None = None,
) -> DecisionReport:
    """``two_pl`` returns the 2PL calibration of ``data`` with ``irt_settings`` when the caller
    fits it elsewhere (the 2PL is most of the time here and needs nothing the other sections
    compute, so a caller may fit it in another thread and pass that future's ``result``); it
    is called after every other section. Without it the 2PL is fitted here."""
    b = rasch_difficulties(analysis, data.n_items)
    calibrated = np.isfinite(b)
    theta_cut = precision = decisions = None
    if cut_percent is not None and 0.0 < cut_percent < 100.0 and calibrated.any():
        theta_cut = theta_cut_from_percent(cut_percent, b[calibrated])
        precision = _average_form_precision(data, theta_cut, b, calibrated)
        abilities = estimate_abilities(data.scores, data.presented, b)
        if np.isfinite(abilities.standard_error).any():
            decisions = decision_consistency(abilities.theta, abilities.standard_error, theta_cut)
    summary = analysis.exam
    length = summary.mean_form_length or float(summary.items)
    interval = (
        feldt_interval(summary.alpha, summary.attempts, length)
        if summary.alpha is not None
        else None
    )
    dif, note = _dif(data, groups, dif_settings)
    domain_sections = domain_reliability(data, domains) if domains is not None else []
    return DecisionReport(
        two_pl=two_pl() if two_pl is not None else calibrate_2pl(data, irt_settings),
        cut_percent=cut_percent,
        theta_cut=theta_cut,
        precision_basis=PRECISION_BASIS,
        precision=precision,
        decisions=decisions,
        alpha_interval=interval,
        domains=domain_sections,
        dif=dif,
        dif_note=note,
    )


def _average_form_precision(
    data: ExamResponses, theta_cut: float, b: np.ndarray, calibrated: np.ndarray
) -> CutPrecision:
    pool = precision_at_cut(theta_cut, *rasch_parameters(b[calibrated]))
    if data.presented is None:
        return pool
    seen = data.presented[:, calibrated].sum(axis=1)
    share = float(seen.mean()) / int(calibrated.sum())
    information = pool.information * share
    return CutPrecision(
        theta_cut=theta_cut,
        information=information,
        csem_theta=1.0 / math.sqrt(information) if information > 0 else math.inf,
        expected_raw_score=pool.expected_raw_score * share,
        csem_raw=pool.csem_raw * math.sqrt(share),
    )


def _dif(
    data: ExamResponses,
    groups: Sequence[str | None] | None,
    settings: DifSettings | None,
) -> tuple[list[DifAnalysis], str | None]:
    if groups is None:
        return [], "no groups were given"
    sizes = Counter(group for group in groups if group is not None)
    ranked = [group for group, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))]
    if len(ranked) < 2:
        return [], "DIF needs at least two groups"
    reference = ranked[0]
    results = [
        mantel_haenszel_dif(data, groups, reference=reference, focal=focal, settings=settings)
        for focal in ranked[1 : 1 + MAX_FOCAL_GROUPS]
    ]
    note = None
    if len(ranked) > 1 + MAX_FOCAL_GROUPS:
        note = f"only the {MAX_FOCAL_GROUPS} largest focal groups are compared"
    return results, note
