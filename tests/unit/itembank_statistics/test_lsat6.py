"""LSAT section 6 (Bock & Lieberman 1970; 1,000 examinees x 5 items) against published values.

Published figures used, with their tolerances:
- item p-values 0.924, 0.709, 0.553, 0.763, 0.870 and the raw-score distribution
  3, 20, 85, 237, 357, 298 (e.g. the tabulations in P. Ender's "A Rasch Model Example",
  philender.com/courses/categorical/notes2/rasch.html): exact.
- CML: the same page fits the Rasch model as a conditional (fixed-effects) logit, i.e. by
  CML, with item 1 as the reference; item 3's difficulty relative to item 1 is reported as
  2.49 and 301 examinees (the 3 zero and 298 perfect scores) are dropped as carrying no
  information. Tolerance 0.005: the published value has two decimals.
- Cronbach's alpha (KR-20) is not quoted there, so it is computed by hand below from the
  published p-values and score distribution (exact arithmetic, tolerance 1e-12).
The full CML solution is also checked against an independent maximisation of the
enumerated conditional likelihood (tolerance 1e-5 logits) and its standard errors against
a finite-difference Hessian (relative tolerance 1e-4).
"""

from __future__ import annotations

import numpy as np
import pytest

from itembank.statistics import ExamAnalysis, ExamResponses, StatisticsSettings, analyse_exam
from tests.unit.itembank_statistics.brute_force import brute_force_cml, brute_force_covariance
from tests.unit.itembank_statistics.known import known, known_array
from tests.unit.itembank_statistics.lsat6 import ITEM_IDS, lsat6_scores

PUBLISHED_P = (0.924, 0.709, 0.553, 0.763, 0.870)
PUBLISHED_SCORE_DISTRIBUTION = [3, 20, 85, 237, 357, 298]


@pytest.fixture(scope="module")
def analysis() -> ExamAnalysis:
    data = ExamResponses.build(item_ids=ITEM_IDS, scores=lsat6_scores())
    return analyse_exam(data, StatisticsSettings())


def test_p_values(analysis: ExamAnalysis) -> None:
    assert [item.p for item in analysis.items] == pytest.approx(PUBLISHED_P, abs=1e-12)


def test_score_distribution(analysis: ExamAnalysis) -> None:
    assert analysis.exam.attempts == 1000
    assert analysis.exam.score_distribution == PUBLISHED_SCORE_DISTRIBUTION


def test_alpha_by_hand_from_the_published_figures(analysis: ExamAnalysis) -> None:
    # sum p q = .924*.076 + .709*.291 + .553*.447 + .763*.237 + .870*.130
    #         = .070224 + .206319 + .247191 + .180831 + .113100 = .817665
    # mean T = (20 + 2*85 + 3*237 + 4*357 + 5*298) / 1000 = 3819 / 1000 = 3.819
    # E[T^2] = (20 + 4*85 + 9*237 + 16*357 + 25*298) / 1000 = 15655 / 1000 = 15.655
    # var T = 15.655 - 3.819^2 = 15.655 - 14.584761 = 1.070239
    # alpha = 5/4 (1 - .817665 / 1.070239) = 0.29499719...
    alpha = 5 / 4 * (1 - 0.817665 / 1.070239)
    assert analysis.exam.alpha == pytest.approx(alpha, abs=1e-12)
    assert analysis.exam.alpha == pytest.approx(0.2950, abs=5e-5)
    # SEM = sqrt(1.070239) * sqrt(1 - alpha)
    assert analysis.exam.sem == pytest.approx(np.sqrt(1.070239 * (1 - alpha)), abs=1e-12)


def test_cml_matches_the_published_conditional_logit(analysis: ExamAnalysis) -> None:
    rasch = analysis.rasch
    assert rasch is not None and rasch.estimable and rasch.converged
    assert rasch.persons_extreme == 301
    assert rasch.persons_used == 699
    b = known_array(item.difficulty for item in rasch.items)
    assert b[2] - b[0] == pytest.approx(2.49, abs=0.005)
    assert sum(b) == pytest.approx(0.0, abs=1e-12)
    # difficulty order follows the p-values: item 3 hardest, item 1 easiest
    assert np.argsort(b).tolist() == np.argsort([-p for p in PUBLISHED_P]).tolist()


def test_cml_matches_the_enumeration_reference(analysis: ExamAnalysis) -> None:
    assert analysis.rasch is not None
    b = np.array([item.difficulty for item in analysis.rasch.items])
    reference = brute_force_cml(lsat6_scores())
    assert np.abs(b - reference).max() < 1e-5
    se = np.array([item.standard_error for item in analysis.rasch.items])
    assert np.allclose(se, np.sqrt(np.diag(brute_force_covariance(b, lsat6_scores()))), rtol=1e-4)


def test_abilities_solve_the_ml_equation(analysis: ExamAnalysis) -> None:
    assert analysis.rasch is not None
    b = np.array([item.difficulty for item in analysis.rasch.items])
    abilities = analysis.rasch.abilities
    assert [a.persons for a in abilities] == PUBLISHED_SCORE_DISTRIBUTION
    assert abilities[0].theta is None and abilities[5].theta is None
    for ability in abilities[1:5]:
        p = 1 / (1 + np.exp(-(ability.theta - b)))
        assert p.sum() == pytest.approx(ability.raw_score, abs=1e-10)
        assert ability.standard_error == pytest.approx(1 / np.sqrt((p * (1 - p)).sum()))


def test_fit_is_reasonable_and_flags_are_the_expected_ones(analysis: ExamAnalysis) -> None:
    assert analysis.rasch is not None
    for item in analysis.rasch.items:
        assert 0.7 < known(item.infit) < 1.3 and 0.7 < known(item.outfit) < 1.3
    # five short easy items: alpha is low, and items 1, 4, 5 have corrected r below 0.15
    codes = [(flag.code.value, flag.item_id) for flag in analysis.flags]
    assert codes == [
        ("low_reliability", None),
        ("low_discrimination", "lsat6-1"),
        ("low_discrimination", "lsat6-4"),
        ("low_discrimination", "lsat6-5"),
    ]
