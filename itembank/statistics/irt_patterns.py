"""Response patterns with their counts: the data of the marginal (MML) IRT estimators.

The marginal likelihood of an examinee depends only on which items they saw and how they
answered them, so identical rows are one pattern with a count. LSAT section 6 (1,000
examinees, 5 items) becomes 30 patterns and every EM step is 30 rows long; a pool-drawn
10,000 x 100 design has no duplicates and costs a sort of the rows, nothing more.

Rows are coded 0 (wrong), 1 (right) and 2 (not presented) before grouping, so unseen and
wrong stay distinct; ``right`` and ``seen`` are float 0/1 matrices ready for BLAS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from itembank.statistics.numeric import BoolArray, FloatArray

NOT_PRESENTED = 2


@dataclass(frozen=True, slots=True)
class ResponsePatterns:
    right: FloatArray
    """P x k: 1 where the pattern answered the item correctly."""
    seen: FloatArray
    """P x k: 1 where the item was presented (right <= seen)."""
    counts: FloatArray
    """P: examinees with the pattern."""

    complete: bool
    """Everyone saw every item (``seen`` is all ones): the E-step skips one product."""
    repeated: bool
    """Some pattern has more than one examinee; without, every count is 1 and the E-step
    skips weighting by them (a long exam's patterns are nearly always all distinct)."""

    @property
    def examinees(self) -> float:
        return float(self.counts.sum())


def response_patterns(scores: NDArray[np.uint8], presented: BoolArray | None) -> ResponsePatterns:
    codes = scores if presented is None else np.where(presented, scores, NOT_PRESENTED)
    unique, counts = np.unique(
        np.ascontiguousarray(codes, dtype=np.uint8), axis=0, return_counts=True
    )
    right = (unique == 1).astype(np.float64)
    seen = (unique != NOT_PRESENTED).astype(np.float64)
    return ResponsePatterns(
        right=right,
        seen=seen,
        counts=counts.astype(np.float64),
        complete=bool(seen.all()),
        repeated=bool((counts > 1).any()),
    )
