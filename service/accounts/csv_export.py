"""CSV of coverage and measures: one header line, one row per thing, empty cells for no value."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from service.accounts.schemas import AccountCoverageSummary, Coverage, ProgramMeasures
from service.csv_cells import cell

ATTEMPT_NUMBERS = (1, 2, 3)


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()


def coverage_csv(coverage: Coverage) -> str:
    """One row per certification, plus one per role gap (``kind`` tells them apart)."""
    header = (
        "account_external_id",
        "kind",
        "certification_id",
        "certification",
        "tier",
        "current",
        "expiring",
        "expired",
        "revoked",
        "suspended",
        "job_role",
        "learners",
        "missing",
        "missing_learner_ids",
    )
    rows: list[Sequence[object]] = [
        (
            coverage.external_id,
            "certification",
            c.certification_id,
            c.certification,
            c.tier,
            c.current,
            c.expiring,
            c.expired,
            c.revoked,
            c.suspended,
            None,
            None,
            None,
            None,
        )
        for c in coverage.certifications
    ]
    rows += [
        (
            coverage.external_id,
            "gap",
            None,
            None,
            gap.expected_tier,
            None,
            None,
            None,
            None,
            None,
            gap.job_role,
            gap.learners,
            gap.missing,
            " ".join(gap.learner_ids),
        )
        for gap in coverage.gaps
    ]
    return _csv(header, rows)


def coverage_list_csv(summaries: Sequence[AccountCoverageSummary]) -> str:
    header = (
        "account_id",
        "account",
        "external_id",
        "learners",
        "certified_learners",
        "coverage",
        "expiring",
        "missing",
    )
    return _csv(
        header,
        (
            (
                s.account_id,
                s.account,
                s.external_id,
                s.learners,
                s.certified_learners,
                s.coverage,
                s.expiring,
                s.missing,
            )
            for s in summaries
        ),
    )


def measures_csv(report: ProgramMeasures) -> str:
    header = [
        "since",
        "until",
        "account_id",
        "certification_id",
        "certification",
        "tier",
        "attempts",
        "submitted",
        "completion_rate",
        "first_attempts",
        "first_attempt_passes",
        "first_attempt_pass_rate",
        "pass_band_low",
        "pass_band_high",
        "pass_band_verdict",
        *(f"pass_rate_attempt_{n}" for n in ATTEMPT_NUMBERS),
        "certified",
        "median_days_to_certify",
        "renewals_due",
        "renewed_before_expiry",
        "renewal_rate",
        "active_holders_at_end",
        "page_views",
        "linkedin_clicks",
    ]
    rows = []
    for m in report.certifications:
        by_number = {rate.attempt_number: rate.pass_rate for rate in m.pass_rate_by_attempt}
        rows.append(
            (
                report.since,
                report.until,
                report.account_id,
                m.certification_id,
                m.certification,
                m.tier,
                m.attempts,
                m.submitted,
                m.completion_rate,
                m.first_attempts,
                m.first_attempt_passes,
                m.first_attempt_pass_rate,
                m.pass_band.low,
                m.pass_band.high,
                m.pass_band.verdict,
                *(by_number.get(n) for n in ATTEMPT_NUMBERS),
                m.certified,
                m.median_days_to_certify,
                m.renewals_due,
                m.renewed_before_expiry,
                m.renewal_rate,
                m.active_holders[-1].holders if m.active_holders else None,
                m.page_views,
                m.linkedin_clicks,
            )
        )
    return _csv(header, rows)
