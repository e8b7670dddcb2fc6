"""The 2PL calibration of a report, fitted in a thread of its own beside the rest.

The 2PL (marginal ML: EM, Newton steps, the observed information and the marginal Rasch
comparison) is about two thirds of a report's analysis (0.38 s of 0.55 s for 10,000 x 100)
and needs nothing the other sections compute, so it runs while the calling thread does the
classical analysis, the Rasch calibration, abilities and decisions. Its time goes to numpy
(BLAS products and array loops), which releases the GIL, so the two threads use two cores:
with the second core free the analysis took 0.46 s instead of 0.59 s; with another process
on it, the same as in one thread. The arrays of both are alive at once (about 25 MB more at
peak for 10,000 x 100). The results are the same as in one thread: the same calls on the
same arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from itembank.statistics import ExamResponses, IrtSettings, TwoPLCalibration, calibrate_2pl


@contextmanager
def two_pl_beside(
    data: ExamResponses, irt_settings: IrtSettings | None = None
) -> Iterator[Callable[[], TwoPLCalibration]]:
    """Starts fitting the 2PL of ``data`` with ``irt_settings`` and yields the function that
    waits for it (``analyse_decisions(..., irt_settings=..., two_pl=...)`` calls it last; pass
    it the same settings). Leaving the block waits for the fit, also when the caller failed."""
    with ThreadPoolExecutor(1, thread_name_prefix="accredo-2pl") as thread:
        yield thread.submit(calibrate_2pl, data, irt_settings).result
