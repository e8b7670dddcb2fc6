"""LSAT section 6 (Bock & Lieberman, 1970): 1,000 examinees x 5 items as 32 pattern counts.

Pattern counts as in the BUGS "LSAT" example data (also R's mirt::LSAT6 / ltm::LSAT); the
patterns run 00000, 00001, ..., 11111 (item 1 is the leftmost digit), and their cumulative
counts are the BUGS vector culm = 3, 9, 11, 22, ..., 702, 1000.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

PATTERN_COUNTS = (
    3, 6, 2, 11, 1, 1, 3, 4, 1, 8, 0, 16, 0, 3, 2, 15,
    10, 29, 14, 81, 3, 28, 15, 80, 16, 56, 21, 173, 11, 61, 28, 298,
)  # fmt: skip
PATTERNS = np.array(list(itertools.product((0, 1), repeat=5)), dtype=np.uint8)
ITEM_IDS = ("lsat6-1", "lsat6-2", "lsat6-3", "lsat6-4", "lsat6-5")


def lsat6_scores() -> NDArray[np.uint8]:
    return np.repeat(PATTERNS, PATTERN_COUNTS, axis=0)
