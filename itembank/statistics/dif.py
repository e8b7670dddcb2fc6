"""Differential item functioning by the Mantel-Haenszel procedure (Holland & Thayer, 1988).

For each item, the examinees of the reference and the focal group who saw it are split
into strata of equal matching score (by default the raw total score, the studied item
included, as Holland & Thayer recommend). In stratum k, with A_k / B_k the reference
examinees right / wrong, C_k / D_k the focal ones, n_Rk = A_k + B_k, n_Fk = C_k + D_k,
m_1k = A_k + C_k, m_0k = B_k + D_k and T_k the stratum size:

  alpha_MH = sum_k A_k D_k / T_k  /  sum_k B_k C_k / T_k          (common odds ratio)
  chi2_MH  = (|sum_k A_k - sum_k E(A_k)| - 1/2)^2 / sum_k Var(A_k)
             E(A_k) = n_Rk m_1k / T_k,  Var(A_k) = n_Rk n_Fk m_1k m_0k / (T_k^2 (T_k - 1))

(base R's ``mantelhaen.test`` with ``correct = TRUE``, which drops the 1/2 when
|sum A - sum E(A)| < 1/2), p from chi-square with 1 df. Strata with T_k < 2 carry no
information and are skipped (mantelhaen.test would refuse them). The ETS delta scale:
MH D-DIF = -2.35 ln alpha_MH, negative when the item is harder for the focal group; its
standard error is 2.35 times the Robins-Breslow-Greenland SE of ln alpha_MH (the one
mantelhaen.test's confidence interval uses, equal to Phillips & Holland's):

  Var(ln alpha) = sum P R / (2 R+^2) + sum (P S + Q R) / (2 R+ S+) + sum Q S / (2 S+^2)

with P_k = (A_k + D_k) / T_k, Q_k = (B_k + C_k) / T_k, R_k = A_k D_k / T_k, S_k = B_k C_k / T_k.

ETS categories (Zwick, 2012), at the ``significance`` level (0.05):
  A  |D| < 1, or chi2_MH not significant;
  C  |D| >= 1.5 and |D| significantly above 1 (one-sided z = (|D| - 1) / SE > z_0.95);
  B  otherwise.
``favours`` is "focal" for D > 0 and "reference" for D < 0 (B and C only).

Forms drawn from a pool: raw totals on forms of different length are not one scale, so
when the data carry a ``presented`` mask the default matching score is the share correct
on the examinee's own form, rounded to the nearest 1/L of the longest form length L (the
raw score on a form of L items). Forms of unequal difficulty still blur the matching; a
caller with calibrated abilities can pass its own integer ``matching`` strata instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtri

from itembank.statistics.dif_results import DifAnalysis, DifItem
from itembank.statistics.dif_settings import DifSettings
from itembank.statistics.errors import InvalidResponsesError
from itembank.statistics.numeric import FloatArray, IntArray
from itembank.statistics.responses import ExamResponses

DELTA_SCALE = 2.35
MATCHING_TOTAL = "raw total score (studied item included)"
MATCHING_SHARE = "share correct on the own form, in steps of 1/L (L = longest form)"
MATCHING_GIVEN = "strata given by the caller"


def mantel_haenszel_dif(
    data: ExamResponses,
    groups: Sequence[str | None],
    *,
    reference: str,
    focal: str,
    settings: DifSettings | None = None,
    matching: ArrayLike | None = None,
) -> DifAnalysis:
    """MH DIF for every item; ``groups[i]`` is examinee i's group (None = in neither)."""
    settings = settings or DifSettings()
    strata, description = _strata(data, matching)
    if len(groups) != data.n_examinees:
        raise InvalidResponsesError(
            [f"groups has {len(groups)} entries for {data.n_examinees} examinees"]
        )
    if reference == focal:
        raise InvalidResponsesError(["the reference and the focal group must differ"])
    labels = np.array([g if g is not None else "" for g in groups], dtype=object)
    in_reference = labels == reference
    in_focal = labels == focal
    seen = data.presented if data.presented is not None else np.ones(data.scores.shape, bool)
    n_strata = int(strata.max()) + 1
    z_critical = float(ndtri(1.0 - settings.significance))
    chi_critical = float(ndtri(1.0 - settings.significance / 2.0)) ** 2
    items = []
    for j, item_id in enumerate(data.item_ids):
        ref = in_reference & seen[:, j]
        foc = in_focal & seen[:, j]
        table = _tables(strata, data.scores[:, j], ref, foc, n_strata)
        items.append(
            _item(
                item_id, table, int(ref.sum()), int(foc.sum()), settings, z_critical, chi_critical
            )
        )
    return DifAnalysis(
        reference=reference,
        focal=focal,
        matching=description,
        min_reference=settings.min_reference,
        min_focal=settings.min_focal,
        significance=settings.significance,
        items=items,
    )


def _strata(data: ExamResponses, matching: ArrayLike | None) -> tuple[IntArray, str]:
    if matching is not None:
        given = np.asarray(matching)
        if given.shape != (data.n_examinees,) or not np.issubdtype(given.dtype, np.integer):
            raise InvalidResponsesError(["matching must be one integer stratum per examinee"])
        if given.size and given.min() < 0:
            raise InvalidResponsesError(["matching strata must be >= 0"])
        return given.astype(np.int64), MATCHING_GIVEN
    totals = data.scores.sum(axis=1, dtype=np.int64)
    if data.presented is None:
        return totals, MATCHING_TOTAL
    lengths = data.presented.sum(axis=1, dtype=np.int64)
    longest = int(lengths.max())
    share = totals / np.maximum(lengths, 1)
    return np.rint(share * longest).astype(np.int64), MATCHING_SHARE


def _tables(
    strata: IntArray, scores: np.ndarray, ref: np.ndarray, foc: np.ndarray, n_strata: int
) -> FloatArray:
    """[4, K]: A (reference right), B (reference wrong), C (focal right), D (focal wrong)."""
    right = scores.astype(bool)
    return np.stack(
        [
            np.bincount(strata[cell], minlength=n_strata)
            for cell in (ref & right, ref & ~right, foc & right, foc & ~right)
        ]
    ).astype(np.float64)


def _item(
    item_id: str,
    table: FloatArray,
    n_reference: int,
    n_focal: int,
    settings: DifSettings,
    z_critical: float,
    chi_critical: float,
) -> DifItem:
    a, b, c, d = table
    t = a + b + c + d
    used = (t >= 2) & (a + b > 0) & (c + d > 0)
    strata = int(used.sum())
    reason = None
    if n_reference < settings.min_reference or n_focal < settings.min_focal:
        reason = (
            f"{n_reference} reference and {n_focal} focal examinees saw the item; at least"
            f" {settings.min_reference} and {settings.min_focal} are needed"
        )
    a, b, c, d, t = a[used], b[used], c[used], d[used], t[used]
    r_k, s_k = a * d / t, b * c / t
    r_sum, s_sum = float(r_k.sum()), float(s_k.sum())
    if reason is None and (r_sum == 0.0 or s_sum == 0.0):
        reason = "no stratum has both groups with both right and wrong answers"
    if reason is not None:
        return _insufficient(item_id, reason, n_reference, n_focal, strata)
    n_r, n_f, m_1, m_0 = a + b, c + d, a + c, b + d
    expected = float((n_r * m_1 / t).sum())
    variance = float((n_r * n_f * m_1 * m_0 / (t * t * (t - 1.0))).sum())
    deviation = abs(float(a.sum()) - expected)
    correction = 0.5 if deviation >= 0.5 else 0.0
    chi_square = (deviation - correction) ** 2 / variance if variance > 0 else math.nan
    p_value = math.erfc(math.sqrt(chi_square / 2.0)) if math.isfinite(chi_square) else math.nan
    odds = r_sum / s_sum
    p_k, q_k = (a + d) / t, (b + c) / t
    log_variance = (
        float((p_k * r_k).sum()) / (2.0 * r_sum * r_sum)
        + float((p_k * s_k + q_k * r_k).sum()) / (2.0 * r_sum * s_sum)
        + float((q_k * s_k).sum()) / (2.0 * s_sum * s_sum)
    )
    delta = -DELTA_SCALE * math.log(odds)
    delta_se = DELTA_SCALE * math.sqrt(log_variance)
    category = _category(delta, delta_se, chi_square, z_critical, chi_critical)
    return DifItem(
        item_id=item_id,
        status="ok",
        reason=None,
        n_reference=n_reference,
        n_focal=n_focal,
        strata=strata,
        common_odds_ratio=odds,
        chi_square=chi_square if math.isfinite(chi_square) else None,
        p_value=p_value if math.isfinite(p_value) else None,
        delta=delta,
        delta_se=delta_se,
        category=category,
        favours=None if category == "A" else ("focal" if delta > 0 else "reference"),
    )


def _category(
    delta: float, delta_se: float, chi_square: float, z_critical: float, chi_critical: float
) -> str:
    size = abs(delta)
    if size < 1.0 or not chi_square > chi_critical:
        return "A"
    if size >= 1.5 and delta_se > 0 and (size - 1.0) / delta_se > z_critical:
        return "C"
    return "B"


def _insufficient(
    item_id: str, reason: str, n_reference: int, n_focal: int, strata: int
) -> DifItem:
    return DifItem(
        item_id=item_id,
        status="insufficient data",
        reason=reason,
        n_reference=n_reference,
        n_focal=n_focal,
        strata=strata,
        common_odds_ratio=None,
        chi_square=None,
        p_value=None,
        delta=None,
        delta_se=None,
        category=None,
        favours=None,
    )
