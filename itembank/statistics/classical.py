"""Classical test theory analysis of one exam: every item plus the exam summary."""

from __future__ import annotations

from itembank.statistics.distractors import distractor_tables
from itembank.statistics.exam_summary import exam_statistics
from itembank.statistics.item_analysis import item_columns, item_groups
from itembank.statistics.moments import response_moments
from itembank.statistics.numeric import optional_float
from itembank.statistics.responses import OMITTED, ExamResponses
from itembank.statistics.results import ClassicalAnalysis, ItemStatistics
from itembank.statistics.score_groups import group_size


def analyse_classical(data: ExamResponses) -> ClassicalAnalysis:
    moments = response_moments(data.scores, data.presented)
    groups = item_groups(moments)
    columns = item_columns(moments, groups, data.times)
    tables = None
    answered = None
    if data.choices is not None and data.item_options is not None:
        tables = distractor_tables(data.choices, data.item_options, moments, groups, data.presented)
        answered = (data.choices != OMITTED).sum(axis=0).tolist()
    items = [
        ItemStatistics(
            item_id=item_id,
            n=int(moments.n_item[j]),
            n_answered=None if answered is None else int(answered[j]),
            p=float(columns.p[j]),
            point_biserial=optional_float(columns.point_biserial[j]),
            corrected_item_total=optional_float(columns.corrected_item_total[j]),
            p_upper=optional_float(columns.p_upper[j]),
            p_lower=optional_float(columns.p_lower[j]),
            discrimination_index=optional_float(columns.discrimination_index[j]),
            alpha_if_deleted=optional_float(columns.alpha_if_deleted[j]),
            mean_time_seconds=optional_float(columns.mean_time[j]),
            n_timed=int(columns.n_timed[j]),
            options=None if tables is None else tables[j],
        )
        for j, item_id in enumerate(data.item_ids)
    ]
    exam = exam_statistics(moments, group_size(moments.n), data.outcomes)
    return ClassicalAnalysis(exam=exam, items=items)
