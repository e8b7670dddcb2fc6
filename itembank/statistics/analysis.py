"""The entry point: one call for everything the service reports about an exam."""

from __future__ import annotations

from dataclasses import dataclass

from itembank.statistics.classical import analyse_classical
from itembank.statistics.flag import Flag
from itembank.statistics.flags import exam_flags, item_flags, misfit_flags
from itembank.statistics.rasch import calibrate_rasch
from itembank.statistics.rasch_results import RaschCalibration
from itembank.statistics.responses import ExamResponses
from itembank.statistics.results import ExamStatistics, ItemStatistics
from itembank.statistics.settings import StatisticsSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class ExamAnalysis:
    """Classical item and exam statistics, the Rasch calibration (None if switched off) and
    every flag (exam-level flags first, then items in column order)."""

    exam: ExamStatistics
    items: list[ItemStatistics]
    rasch: RaschCalibration | None
    flags: list[Flag]


def analyse_exam(data: ExamResponses, settings: StatisticsSettings) -> ExamAnalysis:
    classical = analyse_classical(data)
    rasch = calibrate_rasch(data, settings) if settings.run_rasch else None
    flags = exam_flags(classical.exam, data.tier, settings)
    for j, item in enumerate(classical.items):
        options = data.item_options[j] if data.item_options is not None else None
        flags.extend(item_flags(item, options, settings))
    if rasch is not None:
        flags.extend(misfit_flags(rasch, settings))
    return ExamAnalysis(exam=classical.exam, items=classical.items, rasch=rasch, flags=flags)
