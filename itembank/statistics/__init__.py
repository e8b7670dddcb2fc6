"""Item and exam statistics: classical test theory, Rasch (CML) calibration, review flags.

Pure (standard library + numpy), deterministic, no I/O. Build the input with
``ExamResponses.build(...)``, then call ``analyse_exam`` (everything), or
``analyse_classical`` / ``calibrate_rasch`` separately. Every result is a plain dataclass
of str/int/float/None/list; an undefined statistic is None. Definitions follow
shared/reference/psychometrics.md and are restated, with formulas, in each module.
"""

from itembank.statistics.analysis import ExamAnalysis, analyse_exam
from itembank.statistics.angoff import (
    AngoffItem,
    AngoffRating,
    AngoffResult,
    InvalidRatingsError,
    PanelistCut,
    RatingProblem,
    angoff_cut,
)
from itembank.statistics.classical import analyse_classical
from itembank.statistics.dif import mantel_haenszel_dif
from itembank.statistics.dif_results import DifAnalysis, DifItem
from itembank.statistics.dif_settings import DifSettings
from itembank.statistics.errors import InvalidResponsesError, InvalidSettingsError
from itembank.statistics.exam_summary import pass_rates
from itembank.statistics.flag import Flag, FlagCode
from itembank.statistics.flags import pass_rate_flags
from itembank.statistics.irt_2pl import calibrate_2pl
from itembank.statistics.irt_results import (
    ModelComparison,
    ModelFit,
    TwoPLCalibration,
    TwoPLItemEstimate,
)
from itembank.statistics.irt_settings import IrtSettings
from itembank.statistics.rasch import calibrate_rasch
from itembank.statistics.rasch_results import RaschAbility, RaschCalibration, RaschItemEstimate
from itembank.statistics.responses import OMITTED, AttemptOutcomes, ExamResponses, ItemOptions
from itembank.statistics.results import (
    AttemptPassRate,
    ClassicalAnalysis,
    ExamStatistics,
    ItemStatistics,
    OptionStatistics,
)
from itembank.statistics.settings import DEFAULT_TIER_BANDS, StatisticsSettings, TierBand

__all__ = [
    "DEFAULT_TIER_BANDS",
    "OMITTED",
    "AngoffItem",
    "AngoffRating",
    "AngoffResult",
    "AttemptOutcomes",
    "AttemptPassRate",
    "ClassicalAnalysis",
    "DifAnalysis",
    "DifItem",
    "DifSettings",
    "ExamAnalysis",
    "ExamResponses",
    "ExamStatistics",
    "Flag",
    "FlagCode",
    "InvalidRatingsError",
    "InvalidResponsesError",
    "InvalidSettingsError",
    "IrtSettings",
    "ItemOptions",
    "ItemStatistics",
    "ModelComparison",
    "ModelFit",
    "OptionStatistics",
    "PanelistCut",
    "RaschAbility",
    "RaschCalibration",
    "RaschItemEstimate",
    "RatingProblem",
    "StatisticsSettings",
    "TierBand",
    "TwoPLCalibration",
    "TwoPLItemEstimate",
    "analyse_classical",
    "analyse_exam",
    "angoff_cut",
    "calibrate_2pl",
    "calibrate_rasch",
    "mantel_haenszel_dif",
    "pass_rate_flags",
    "pass_rates",
]
