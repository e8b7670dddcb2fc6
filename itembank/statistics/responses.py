"""The input of the statistics: one exam's scored responses and their optional extras.

One row per attempt (examinee), one column per item revision. Scores are 0/1 with an
unanswered item scored 0. Everything else is optional and each extra unlocks more output:

- ``presented``: N x k booleans, "examinee i was shown item j". Forms drawn from a pool show
  each examinee only some of the items; a cell that was not presented is *missing by
  design*, not wrong, and every statistic then runs over the examinees who saw the item
  (see ``moments``, ``reliability`` and ``rasch_pairwise``). Omitted or all True = complete
  data (stored as None). Cells not presented are ignored: they are normalised to score 0,
  choice OMITTED and time NaN;

- ``choices`` + ``item_options``: distractor analysis (and the mis-key check);
- ``times``: mean time on item;
- ``outcomes``: pass rates (first attempt, by attempt number) and the pass-rate flags;
- ``tier``: which pass-rate band of the settings applies.

Construction validates everything at once and raises :class:`InvalidResponsesError` with the
full list of problems. The arrays are stored as read-only copies with fixed dtypes, so a
value, once built, cannot change under the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from itembank.statistics.errors import InvalidResponsesError
from itembank.statistics.numeric import BoolArray, FloatArray, IntArray

OMITTED = -1
"""Choice code for an item the examinee did not answer."""

_Scalar = TypeVar("_Scalar", bound=np.generic)


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemOptions:
    """The options of one single-answer item, in the order the choice indices refer to.

    ``key_option_ids`` usually holds one id; more than one means several options are
    accepted as correct (a double-keyed item), each scoring 1.
    """

    option_ids: tuple[str, ...]
    key_option_ids: frozenset[str]

    def problems(self, label: str) -> list[str]:
        found = []
        if not self.option_ids:
            found.append(f"{label}: no options")
        if len(set(self.option_ids)) != len(self.option_ids):
            found.append(f"{label}: option ids are not unique")
        if not self.key_option_ids:
            found.append(f"{label}: no key option")
        unknown = sorted(self.key_option_ids - set(self.option_ids))
        if unknown:
            found.append(f"{label}: key option ids {unknown} are not among the options")
        return found

    def key_mask(self) -> BoolArray:
        return np.array([option in self.key_option_ids for option in self.option_ids], dtype=bool)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class AttemptOutcomes:
    """Per-attempt outcome metadata, aligned with the rows of the response matrix.

    ``attempt_numbers`` counts the examinee's sittings of this exam (1 = first attempt).
    ``cut_score`` is the pass mark in raw-score points (items correct), if the exam has one.
    """

    passed: BoolArray
    attempt_numbers: IntArray
    cut_score: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ExamResponses:
    """N attempts x k items of one exam; see the module docstring for the optional parts.

    Compared and hashed by identity (``eq=False``): element-wise array equality has no
    single truth value.
    """

    item_ids: tuple[str, ...]
    scores: NDArray[np.uint8]
    presented: BoolArray | None = None
    choices: IntArray | None = None
    item_options: tuple[ItemOptions, ...] | None = None
    times: FloatArray | None = None
    outcomes: AttemptOutcomes | None = None
    tier: str | None = None

    @classmethod
    def build(
        cls,
        *,
        item_ids: list[str] | tuple[str, ...],
        scores: ArrayLike,
        presented: ArrayLike | None = None,
        choices: ArrayLike | None = None,
        item_options: list[ItemOptions] | tuple[ItemOptions, ...] | None = None,
        times: ArrayLike | None = None,
        passed: ArrayLike | None = None,
        attempt_numbers: ArrayLike | None = None,
        cut_score: float | None = None,
        tier: str | None = None,
    ) -> ExamResponses:
        """Validate and normalise raw inputs (lists or arrays) into an :class:`ExamResponses`."""
        problems: list[str] = []
        ids = tuple(item_ids)
        score_matrix = _score_matrix(scores, len(ids), problems)
        n = score_matrix.shape[0] if score_matrix is not None else None
        mask = None
        if presented is not None and score_matrix is not None:
            mask = _presented_mask(presented, score_matrix, ids, problems)
        if mask is not None and score_matrix is not None:
            score_matrix[~mask] = 0
            if choices is not None:
                choices = np.where(mask, np.asarray(choices), OMITTED)
            if times is not None:
                times = np.where(mask, np.asarray(times, dtype=np.float64), np.nan)
        if len(set(ids)) != len(ids):
            problems.append("item ids are not unique")
        if not ids:
            problems.append("there are no items")
        if n == 0:
            problems.append("there are no attempts")

        options = tuple(item_options) if item_options is not None else None
        choice_matrix = None
        if (choices is None) != (options is None):
            problems.append("choices and item_options must be given together")
        elif choices is not None and options is not None:
            choice_matrix = _choice_matrix(choices, ids, options, score_matrix, problems)

        time_matrix = _time_matrix(times, score_matrix, problems) if times is not None else None
        outcomes = _outcomes(passed, attempt_numbers, cut_score, n, len(ids), problems)

        if problems or score_matrix is None:
            raise InvalidResponsesError(problems)
        return cls(
            item_ids=ids,
            scores=_frozen(score_matrix),
            presented=None if mask is None or mask.all() else _frozen(mask),
            choices=_frozen(choice_matrix) if choice_matrix is not None else None,
            item_options=options if choice_matrix is not None else None,
            times=_frozen(time_matrix) if time_matrix is not None else None,
            outcomes=outcomes,
            tier=tier,
        )

    def __post_init__(self) -> None:
        """Cheap structural invariants; :meth:`build` is the validating constructor."""
        n, k = self.scores.shape if self.scores.ndim == 2 else (-1, -1)
        broken = [
            self.scores.dtype != np.uint8 or k != len(self.item_ids) or n < 1 or k < 1,
            self.presented is not None and self.presented.shape != self.scores.shape,
            self.choices is not None
            and (self.choices.shape != self.scores.shape or self.item_options is None),
            self.item_options is not None and len(self.item_options) != k,
            self.times is not None and self.times.shape != self.scores.shape,
            self.outcomes is not None and self.outcomes.passed.shape != (n,),
            self.outcomes is not None and self.outcomes.attempt_numbers.shape != (n,),
        ]
        if any(broken):
            raise InvalidResponsesError(["inconsistent ExamResponses; construct it with build()"])

    @property
    def n_examinees(self) -> int:
        return int(self.scores.shape[0])

    @property
    def n_items(self) -> int:
        return int(self.scores.shape[1])

    @property
    def complete(self) -> bool:
        """True when every examinee was presented every item (no ``presented`` mask)."""
        return self.presented is None


def _frozen(array: NDArray[_Scalar]) -> NDArray[_Scalar]:
    array.flags.writeable = False
    return array


def _score_matrix(scores: ArrayLike, k: int, problems: list[str]) -> NDArray[np.uint8] | None:
    raw = np.asarray(scores)
    if raw.ndim != 2:
        problems.append(f"scores must be a 2-D matrix (attempts x items), got {raw.ndim}-D")
        return None
    if raw.shape[1] != k:
        problems.append(f"scores have {raw.shape[1]} columns but there are {k} item ids")
    if raw.dtype == np.bool_:
        return raw.astype(np.uint8)
    if not np.issubdtype(raw.dtype, np.integer) and not np.issubdtype(raw.dtype, np.floating):
        problems.append(f"scores must be 0/1 numbers or booleans, got dtype {raw.dtype}")
        return None
    if raw.size and not np.isin(raw, (0, 1)).all():
        problems.append("scores must all be 0 or 1 (an unanswered item scores 0)")
        return None
    return raw.astype(np.uint8)


def _presented_mask(
    presented: ArrayLike, scores: NDArray[np.uint8], ids: tuple[str, ...], problems: list[str]
) -> BoolArray | None:
    raw = np.asarray(presented)
    if raw.shape != scores.shape:
        problems.append(f"presented has shape {raw.shape}, scores {scores.shape}")
        return None
    if raw.dtype != np.bool_:
        problems.append(f"presented must be booleans, got dtype {raw.dtype}")
        return None
    nobody = np.flatnonzero(~raw.any(axis=0)).tolist()
    if nobody:
        problems.append(f"items presented to nobody: {[ids[j] for j in nobody]}")
    empty = int((~raw.any(axis=1)).sum())
    if empty:
        problems.append(f"{empty} attempts were presented no item")
    return raw.copy()


def _choice_matrix(
    choices: ArrayLike,
    ids: tuple[str, ...],
    options: tuple[ItemOptions, ...],
    scores: NDArray[np.uint8] | None,
    problems: list[str],
) -> IntArray | None:
    if len(options) != len(ids):
        problems.append(f"{len(options)} item_options given for {len(ids)} items")
        return None
    option_problems = [p for item, o in zip(ids, options, strict=True) for p in o.problems(item)]
    problems.extend(option_problems)
    raw = np.asarray(choices)
    if scores is None or raw.shape != scores.shape:
        problems.append(f"choices have shape {raw.shape}, scores {getattr(scores, 'shape', None)}")
        return None
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        problems.append(f"choices must be integer option indices, got dtype {raw.dtype}")
        return None
    matrix = raw.astype(np.int64)
    if option_problems:
        return None
    counts = np.array([len(o.option_ids) for o in options], dtype=np.int64)
    bad = (matrix < OMITTED) | (matrix >= counts[None, :])
    for j in np.flatnonzero(bad.any(axis=0)).tolist():
        problems.append(
            f"{ids[j]}: {int(bad[:, j].sum())} choices outside -1..{int(counts[j]) - 1}"
        )
    if bad.any():
        return None
    # Row j of the lookup holds [omitted, option 0, option 1, ...] -> "is a key".
    lookup = np.zeros((len(ids), int(counts.max()) + 1), dtype=bool)
    for j, item in enumerate(options):
        lookup[j, 1 : len(item.option_ids) + 1] = item.key_mask()
    keyed = lookup[np.arange(len(ids))[None, :], matrix + 1]
    inconsistent = keyed != scores.astype(bool)
    for j in np.flatnonzero(inconsistent.any(axis=0)).tolist():
        problems.append(
            f"{ids[j]}: {int(inconsistent[:, j].sum())} attempts whose score disagrees with the"
            " chosen option (1 must mean a key option was chosen)"
        )
    return matrix


def _time_matrix(
    times: ArrayLike, scores: NDArray[np.uint8] | None, problems: list[str]
) -> FloatArray | None:
    raw = np.asarray(times, dtype=np.float64)
    if scores is None or raw.shape != scores.shape:
        problems.append(f"times have shape {raw.shape}, scores {getattr(scores, 'shape', None)}")
        return None
    recorded = ~np.isnan(raw)
    if (np.isinf(raw) | (recorded & (raw < 0))).any():
        problems.append("times must be finite seconds >= 0 (NaN = not recorded)")
        return None
    return raw.copy()


def _outcomes(
    passed: ArrayLike | None,
    attempt_numbers: ArrayLike | None,
    cut_score: float | None,
    n: int | None,
    k: int,
    problems: list[str],
) -> AttemptOutcomes | None:
    if passed is None and attempt_numbers is None:
        if cut_score is not None:
            problems.append("cut_score needs passed and attempt_numbers")
        return None
    if passed is None or attempt_numbers is None:
        problems.append("passed and attempt_numbers must be given together")
        return None
    passed_array = np.asarray(passed)
    numbers = np.asarray(attempt_numbers)
    shape_ok = True
    for name, array in (("passed", passed_array), ("attempt_numbers", numbers)):
        if array.shape != (n,):
            problems.append(f"{name} must have one entry per attempt ({n}), got {array.shape}")
            shape_ok = False
    if not shape_ok:
        return None
    if passed_array.dtype != np.bool_:
        problems.append("passed must be booleans")
        return None
    if numbers.size and (not np.issubdtype(numbers.dtype, np.integer) or numbers.min() < 1):
        problems.append("attempt_numbers must be integers >= 1 (1 = first attempt)")
        return None
    if cut_score is not None and not 0 <= cut_score <= k:
        problems.append(f"cut_score {cut_score} is outside the raw-score range 0..{k}")
        return None
    return AttemptOutcomes(
        passed=_frozen(passed_array.copy()),
        attempt_numbers=_frozen(numbers.astype(np.int64)),
        cut_score=None if cut_score is None else float(cut_score),
    )
