"""Item and exam statistics: classical test theory, Rasch (CML) calibration, review flags,
and the psychometrics of defensible pass/fail decisions.

Pure (standard library + numpy + scipy.special), deterministic, no I/O. Build the input
with ``ExamResponses.build(...)`` (or ``read_response_files`` from CSV text), then call
``analyse_exam`` (everything classical, Rasch and flags), or ``analyse_classical`` /
``calibrate_rasch`` separately. For decisions: ``calibrate_2pl`` (2PL beside marginal
Rasch), ``mantel_haenszel_dif``, ``precision_at_cut`` / ``decision_consistency`` /
``feldt_interval`` / ``domain_reliability``, ``angoff_cut``, and scoring on the calibrated
scale (``estimate_abilities``, ``theta_cut_from_percent``, ``scaled_scores``,
``form_difficulty``); ``analyse_decisions`` composes the decision sections of a report.
Every result is a plain dataclass of str/int/float/None/list; an
undefined statistic is None. Definitions follow shared/reference/psychometrics.md and are
restated, with formulas, in each module and in docs/item-statistics.md.
"""

from itembank.statistics.ability import AbilityEstimates, estimate_abilities
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
from itembank.statistics.decision_precision import (
    CutPrecision,
    DecisionConsistency,
    decision_consistency,
    precision_at_cut,
)
from itembank.statistics.decision_report import (
    DecisionReport,
    analyse_decisions,
    rasch_difficulties,
)
from itembank.statistics.dif import mantel_haenszel_dif
from itembank.statistics.dif_results import DifAnalysis, DifItem
from itembank.statistics.dif_settings import DifSettings
from itembank.statistics.errors import InvalidResponsesError, InvalidSettingsError
from itembank.statistics.exam_summary import pass_rates
from itembank.statistics.flag import Flag, FlagCode
from itembank.statistics.flags import pass_rate_flags
from itembank.statistics.irt_2pl import calibrate_2pl
from itembank.statistics.irt_functions import rasch_parameters
from itembank.statistics.irt_results import (
    ModelComparison,
    ModelFit,
    TwoPLCalibration,
    TwoPLItemEstimate,
)
from itembank.statistics.irt_settings import IrtSettings
from itembank.statistics.person_abilities import PersonAbilities, person_abilities
from itembank.statistics.rasch import calibrate_rasch
from itembank.statistics.rasch_results import RaschAbility, RaschCalibration, RaschItemEstimate
from itembank.statistics.reliability_intervals import (
    AlphaInterval,
    DomainReliability,
    domain_reliability,
    feldt_interval,
)
from itembank.statistics.reporting_scale import (
    FormDifficulty,
    ReportingScale,
    form_difficulty,
    scaled_scores,
    theta_cut_from_percent,
    within_tolerance,
)
from itembank.statistics.response_file_problems import ResponseFilesInvalid
from itembank.statistics.response_files import ResponseFile, read_response_files
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
    "AbilityEstimates",
    "AlphaInterval",
    "AngoffItem",
    "AngoffRating",
    "AngoffResult",
    "AttemptOutcomes",
    "AttemptPassRate",
    "ClassicalAnalysis",
    "CutPrecision",
    "DecisionConsistency",
    "DecisionReport",
    "DifAnalysis",
    "DifItem",
    "DifSettings",
    "DomainReliability",
    "ExamAnalysis",
    "ExamResponses",
    "ExamStatistics",
    "Flag",
    "FlagCode",
    "FormDifficulty",
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
    "PersonAbilities",
    "RaschAbility",
    "RaschCalibration",
    "RaschItemEstimate",
    "RatingProblem",
    "ReportingScale",
    "ResponseFile",
    "ResponseFilesInvalid",
    "StatisticsSettings",
    "TierBand",
    "TwoPLCalibration",
    "TwoPLItemEstimate",
    "analyse_classical",
    "analyse_decisions",
    "analyse_exam",
    "angoff_cut",
    "calibrate_2pl",
    "calibrate_rasch",
    "decision_consistency",
    "domain_reliability",
    "estimate_abilities",
    "feldt_interval",
    "form_difficulty",
    "mantel_haenszel_dif",
    "pass_rate_flags",
    "pass_rates",
    "person_abilities",
    "precision_at_cut",
    "rasch_difficulties",
    "rasch_parameters",
    "read_response_files",
    "scaled_scores",
    "theta_cut_from_percent",
    "within_tolerance",
]
