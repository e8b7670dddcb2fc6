"""Reliability: KR-20 (= Cronbach's alpha for 0/1 items), alpha if item deleted, and the SEM.

Complete data (everyone saw the same k items):

  alpha = k / (k - 1) * (1 - sum_j p_j q_j / var(T))

with p_j q_j and var(T) both with divisor N. All k items count, a zero-variance item included
(as Moodle and psych::score.multiple.choice do; psych::alpha would silently drop it).

Forms drawn from a pool (examinee i saw m_i items; item j was seen by n_j examinees): there
is no single N x k matrix to apply the textbook formula to, so the estimator is KR-20 of the
*average form*. A form of the exam has on average L = sum_j n_j / N = mean m_i items, and the
expected sum of its item variances is V = sum_j (n_j / N) p_j q_j (item j sits on a share
n_j / N of the forms; p_j is its facility among those who saw it). With var(T) the variance
of the examinees' raw scores on their own forms (divisor N):

  alpha = L / (L - 1) * (1 - V / var(T))

When everyone sees the same form, n_j = N and L = k, and this *is* the KR-20 above (a test
holds that). Why this one: it uses every examinee (per-form-group alphas are undefined for the
one-attempt groups that pool drawing produces), it is the formula a psychometrician already
knows, and it needs nothing beyond p_j, n_j and the scores. Its assumption: the forms are
randomly parallel (drawn from the same pool and blueprint), so that differences between
forms are part of the score variance; with forms of very unequal difficulty var(T) absorbs the
form effect and the estimate is optimistic. Undefined (NaN here, None outside) when L <= 1
or var(T) = 0. Alpha can be negative; it is reported as is.

Alpha if item j deleted is the same estimator with j removed from every form that has it:
L_j = L - n_j / N, V_j = V - (n_j / N) p_j q_j and the rest score R_j = T - X_j of every
examinee; for complete data that is (k-1)/(k-2) (1 - (sum var - var(X_j)) / var(R_j)).

SEM = SD_T * sqrt(1 - alpha) with SD_T the population SD (divisor N), the variance that went
into alpha.
"""

from __future__ import annotations

import math

import numpy as np

from itembank.statistics.moments import ResponseMoments
from itembank.statistics.numeric import FloatArray


def _item_variance_shares(moments: ResponseMoments) -> FloatArray:
    """N^2 (n_j / N) p_j q_j = ss_item_j N / n_j (exactly ss_item_j for complete data)."""
    shares: FloatArray = moments.ss_item * (moments.n / moments.n_item)
    return shares


def cronbach_alpha(moments: ResponseMoments) -> float:
    length = moments.mean_form_length
    if length <= 1.0 or moments.ss_total == 0:
        return math.nan
    variance_sum = float(_item_variance_shares(moments).sum())
    return length / (length - 1.0) * (1.0 - variance_sum / moments.ss_total)


def alpha_if_deleted(moments: ResponseMoments) -> FloatArray:
    shares = _item_variance_shares(moments)
    lengths = moments.mean_form_length - moments.n_item / moments.n
    defined = (lengths > 1.0) & (moments.ss_rest_all > 0)
    safe_lengths = np.where(defined, lengths, 2.0)
    ratio = (float(shares.sum()) - shares) / np.where(defined, moments.ss_rest_all, 1)
    return np.where(defined, safe_lengths / (safe_lengths - 1.0) * (1.0 - ratio), np.nan)


def population_sd(moments: ResponseMoments) -> float:
    return math.sqrt(moments.ss_total) / moments.n


def standard_error_of_measurement(sd: float, alpha: float) -> float:
    return sd * math.sqrt(1.0 - alpha) if math.isfinite(alpha) else math.nan
