"""Output value objects of the classical analysis and the exam-level summary.

Plain dataclasses of str/int/float/None/list only (``dataclasses.asdict`` gives JSON). A
statistic that is undefined for the data (a correlation with a constant, a mean over
nobody) is ``None``, never 0 and never NaN.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionStatistics:
    """One option of an item, or its omissions (``option_id`` None, ``is_omitted`` True).

    Over the examinees presented the item (n): share_of_all = count / n;
    share_of_responders = count / (attempts that answered), None
    for the omitted row; mean_total = mean raw score T of its choosers; rest_point_biserial
    = Pearson r(chose this option, T - X_item); upper_share / lower_share = share of the
    upper / lower 27% group (fractional tie rule) that chose it.
    """

    option_id: str | None
    is_key: bool
    is_omitted: bool
    count: int
    share_of_all: float
    share_of_responders: float | None
    mean_total: float | None
    rest_point_biserial: float | None
    upper_share: float | None
    lower_share: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemStatistics:
    """Classical statistics of one item revision (definitions in ``item_analysis``).

    ``n`` is the number of examinees who were presented the item; everything else is over them.
    """

    item_id: str
    n: int
    n_answered: int | None
    p: float
    point_biserial: float | None
    corrected_item_total: float | None
    p_upper: float | None
    p_lower: float | None
    discrimination_index: float | None
    alpha_if_deleted: float | None
    mean_time_seconds: float | None
    n_timed: int
    options: list[OptionStatistics] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AttemptPassRate:
    attempt_number: int
    attempts: int
    passed: int
    pass_rate: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ExamStatistics:
    """Exam-level summary (definitions in ``exam_summary`` and ``reliability``).

    ``items`` is the number of item revisions analysed (the pool); ``mean_form_length`` the
    mean number presented per attempt (equal to ``items`` for complete data).
    ``sd`` uses divisor N (the population SD, the same variance KR-20 uses) and ``sem`` is
    built from it; ``sd_sample`` (divisor N - 1, Moodle's choice) is given for comparison.
    ``score_distribution[t]`` counts attempts with raw score t, t = 0..k.
    """

    attempts: int
    items: int
    mean: float
    sd: float
    sd_sample: float | None
    score_distribution: list[int]
    alpha: float | None
    sem: float | None
    group_size: int
    cut_score: float | None
    within_one_sem_of_cut: int | None
    first_attempts: int | None
    first_attempt_pass_rate: float | None
    pass_rates_by_attempt: list[AttemptPassRate]
    mean_form_length: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassicalAnalysis:
    exam: ExamStatistics
    items: list[ItemStatistics]
