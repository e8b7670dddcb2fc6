"""Program measures of one certification over a date range, from plain values.

Definitions (the README repeats them). The range is ``[since, until)`` in UTC.

- *attempts / started*: attempts started in the range; *submitted*: those the learner
  submitted (timed-out attempts are not completions); *completion rate* = submitted / started.
- *first-attempt pass rate*: scored first attempts (attempt number 1) started in the range
  that passed, against the certification's pass band; above 85% is ``too_easy``.
- *pass rate by attempt number*: scored attempts started in the range, per attempt number.
- *median days to certify*: for each learner whose first pass of the certification was
  submitted in the range, the days from the start of their first attempt at it to that pass.
- *renewal rate*: credential versions whose ``validUntil`` falls in the range (they were due)
  and whose credential was not revoked before then; *renewed* are those superseded by a
  renewal before their ``validUntil``.
- *active holders*: at each point, learners holding a version valid at that instant of a
  credential not revoked or suspended by then.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from service.attempts.status import AttemptStatus
from service.credentials.states import CredentialStatus

TOO_EASY_ABOVE = 0.85
MAX_POINTS = 13
SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class AttemptFact:
    learner_id: str
    number: int
    status: AttemptStatus
    started_at: datetime
    submitted_at: datetime | None
    passed: bool | None


@dataclass(frozen=True)
class VersionFact:
    learner_id: str
    status: CredentialStatus
    status_changed_at: datetime | None
    valid_from: datetime
    valid_until: datetime | None
    superseded_at: datetime | None

    def withdrawn_by(self, moment: datetime) -> bool:
        """Revoked or suspended at or before ``moment`` (by the credential's latest status)."""
        return (
            self.status in (CredentialStatus.REVOKED, CredentialStatus.SUSPENDED)
            and self.status_changed_at is not None
            and self.status_changed_at <= moment
        )


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.since <= moment < self.until

    def points(self) -> list[datetime]:
        """Evenly spaced instants from ``since`` to ``until`` (both ends), at most 13."""
        days = max(1, math.ceil((self.until - self.since).total_seconds() / SECONDS_PER_DAY))
        step = max(1, math.ceil(days / (MAX_POINTS - 1)))
        found = [self.since + timedelta(days=k * step) for k in range(days // step + 1)]
        found = [point for point in found if point < self.until]
        return [*found, self.until]


@dataclass(frozen=True)
class NumberRate:
    number: int
    attempts: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


@dataclass
class Measures:
    started: int = 0
    submitted: int = 0
    first_attempts: int = 0
    first_attempt_passes: int = 0
    by_number: list[NumberRate] = field(default_factory=list)
    days_to_certify: list[float] = field(default_factory=list)
    renewals_due: int = 0
    renewed: int = 0
    holders: list[tuple[datetime, int]] = field(default_factory=list)

    @property
    def completion_rate(self) -> float | None:
        return self.submitted / self.started if self.started else None

    @property
    def first_attempt_pass_rate(self) -> float | None:
        return self.first_attempt_passes / self.first_attempts if self.first_attempts else None

    @property
    def median_days_to_certify(self) -> float | None:
        return statistics.median(self.days_to_certify) if self.days_to_certify else None

    @property
    def renewal_rate(self) -> float | None:
        return self.renewed / self.renewals_due if self.renewals_due else None


def band_verdict(rate: float | None, low: float, high: float) -> str:
    if rate is None:
        return "no_data"
    if rate > TOO_EASY_ABOVE:
        return "too_easy"
    if rate > high:
        return "above"
    if rate < low:
        return "below"
    return "within"


def _attempt_measures(measures: Measures, attempts: list[AttemptFact], window: Window) -> None:
    in_range = [a for a in attempts if window.holds(a.started_at)]
    measures.started = len(in_range)
    measures.submitted = sum(1 for a in in_range if a.status is AttemptStatus.SCORED)
    scored = [a for a in in_range if a.passed is not None]
    first = [a for a in scored if a.number == 1]
    measures.first_attempts = len(first)
    measures.first_attempt_passes = sum(1 for a in first if a.passed)
    per_number: dict[int, list[AttemptFact]] = defaultdict(list)
    for attempt in scored:
        per_number[attempt.number].append(attempt)
    measures.by_number = [
        NumberRate(number, len(group), sum(1 for a in group if a.passed))
        for number, group in sorted(per_number.items())
    ]
    by_learner: dict[str, list[AttemptFact]] = defaultdict(list)
    for attempt in attempts:
        by_learner[attempt.learner_id].append(attempt)
    for own in by_learner.values():
        passes = [a for a in own if a.passed and a.submitted_at is not None]
        if not passes:
            continue
        first_pass = min(a.submitted_at for a in passes if a.submitted_at is not None)
        if window.holds(first_pass):
            began = min(a.started_at for a in own)
            measures.days_to_certify.append((first_pass - began).total_seconds() / SECONDS_PER_DAY)


def _version_measures(measures: Measures, versions: list[VersionFact], window: Window) -> None:
    for version in versions:
        due = version.valid_until
        if due is None or not window.holds(due) or version.withdrawn_by(due):
            continue
        measures.renewals_due += 1
        if version.superseded_at is not None and version.superseded_at < due:
            measures.renewed += 1
    for point in window.points():
        holders = {
            v.learner_id
            for v in versions
            if v.valid_from <= point
            and (v.valid_until is None or point < v.valid_until)
            and not v.withdrawn_by(point)
        }
        measures.holders.append((point, len(holders)))


def compute_measures(
    attempts: Iterable[AttemptFact], versions: Iterable[VersionFact], window: Window
) -> Measures:
    measures = Measures()
    _attempt_measures(measures, list(attempts), window)
    _version_measures(measures, list(versions), window)
    return measures
