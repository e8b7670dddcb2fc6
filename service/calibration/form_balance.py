"""Forms of equal difficulty on the calibrated scale (the scale's ``formTolerance``).

A form's difficulty is its expected share correct for a candidate exactly at the cut
(``itembank.statistics.form_difficulty`` over its calibrated items, with theta_cut). The
reference form's is the scale's cut itself: theta_cut was solved so that the reference form's
expected score at it is the cut (``theta_cut_from_percent``), and the Angoff cut is the
expected share of the rated items. Assembly draws until a form is within the tolerance of
it (``balanced_form`` in the attempts area). Pretest items do not count, they are not
scored; a form without calibrated items cannot be measured and is accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import form_difficulty
from service.calibration import store
from service.calibration.store import Scale


@dataclass(frozen=True, slots=True)
class FormBalance:
    theta_cut: float
    reference_percent: float
    tolerance_percent: float
    difficulties: dict[str, float]
    """Stored difficulty per calibrated revision id (as text, the form's spelling)."""

    def gap(self, revision_ids: Iterable[str]) -> float | None:
        """Percent points between the form's expected share at the cut and the reference's;
        None when the form holds no calibrated item."""
        b = [self.difficulties[r] for r in revision_ids if r in self.difficulties]
        if not b:
            return None
        form = form_difficulty(b, self.theta_cut)
        return abs(form.expected_percent_at_cut - self.reference_percent)

    def accepts(self, gap: float | None) -> bool:
        return gap is None or gap <= self.tolerance_percent


async def form_balance(
    session: AsyncSession, scale: Scale | None, revision_ids: Sequence[str]
) -> FormBalance | None:
    """The exam's constraint over these candidate revisions; None without a scale
    (``scale``, `store.scale_of`) or a tolerance."""
    if scale is None or scale.form_tolerance is None:
        return None
    stored = await store.calibrations(session, (UUID(r) for r in revision_ids))
    return FormBalance(
        theta_cut=scale.theta_cut,
        reference_percent=scale.source_percent,
        tolerance_percent=100.0 * scale.form_tolerance,
        difficulties={str(r): calibration.difficulty for r, calibration in stored.items()},
    )
