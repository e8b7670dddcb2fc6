"""Domain values of accounts, coverage and measures as their wire shapes."""

from __future__ import annotations

from service.accounts.coverage_services import CoverageReport
from service.accounts.measures import TOO_EASY_ABOVE, band_verdict
from service.accounts.measures_services import ProgramMeasure, ProgramReport
from service.accounts.schemas import (
    Account,
    AccountCoverageSummary,
    AttemptNumberRate,
    CertificationCoverage,
    CertificationMeasures,
    Coverage,
    HoldersPoint,
    Member,
    MembershipHistory,
    Move,
    PassBandOut,
    ProgramMeasures,
    RoleGap,
    TierCoverage,
)
from service.accounts.store import AccountRecord, MembershipRecord, MoveRecord


def account_view(account: AccountRecord, learners: int) -> Account:
    return Account(
        id=account.id,
        name=account.name,
        external_id=account.external_id,
        metadata=account.metadata,
        learners=learners,
        created_at=account.created_at,
    )


def member_view(member: MembershipRecord) -> Member:
    return Member(
        learner_id=member.learner_id,
        account_id=member.account_id,
        account_external_id=member.account_external_id,
        job_role=member.job_role,
        joined_at=member.joined_at,
    )


def history_view(
    learner_id: str, current: MembershipRecord | None, moves: list[MoveRecord]
) -> MembershipHistory:
    return MembershipHistory(
        learner_id=learner_id,
        current=member_view(current) if current is not None else None,
        moves=[
            Move(
                learner_id=move.learner_id,
                from_account_id=move.from_account_id,
                to_account_id=move.to_account_id,
                job_role=move.job_role,
                moved_at=move.moved_at,
                moved_by=move.moved_by,
            )
            for move in moves
        ],
    )


def coverage_view(report: CoverageReport) -> Coverage:
    computed = report.coverage
    return Coverage(
        account_id=report.account.id,
        account=report.account.name,
        external_id=report.account.external_id,
        computed_at=report.computed_at,
        expiring_within_days=report.expiring_within_days,
        learners=computed.learners,
        certified_learners=computed.certified_learners,
        coverage=computed.coverage,
        attempts_in_progress=computed.attempts.in_progress,
        first_attempts=computed.attempts.first_attempts,
        first_attempt_pass_rate=computed.first_attempt_pass_rate,
        certifications=[
            CertificationCoverage(
                certification_id=certification.id,
                certification=certification.name,
                tier=certification.tier,
                current=standing.current,
                expiring=standing.expiring,
                expired=standing.expired,
                revoked=standing.revoked,
                suspended=standing.suspended,
            )
            for certification, standing in computed.certifications
        ],
        tiers=[TierCoverage(tier=tier, current=count) for tier, count in computed.tiers.items()],
        gaps=[
            RoleGap(
                job_role=gap.job_role,
                expected_tier=gap.expected_tier,
                learners=gap.learners,
                missing=len(gap.missing),
                learner_ids=gap.missing,
            )
            for gap in computed.gaps
        ],
    )


def coverage_summary(report: CoverageReport) -> AccountCoverageSummary:
    computed = report.coverage
    return AccountCoverageSummary(
        account_id=report.account.id,
        account=report.account.name,
        external_id=report.account.external_id,
        learners=computed.learners,
        certified_learners=computed.certified_learners,
        coverage=computed.coverage,
        expiring=computed.expiring,
        missing=computed.missing,
    )


def _program_view(measured: ProgramMeasure) -> CertificationMeasures:
    program, m = measured.program, measured.measures
    return CertificationMeasures(
        certification_id=program.id,
        certification=program.name,
        tier=program.tier,
        attempts=m.started,
        started=m.started,
        submitted=m.submitted,
        completion_rate=m.completion_rate,
        first_attempts=m.first_attempts,
        first_attempt_passes=m.first_attempt_passes,
        first_attempt_pass_rate=m.first_attempt_pass_rate,
        pass_band=PassBandOut(
            low=program.band_low,
            high=program.band_high,
            too_easy_above=TOO_EASY_ABOVE,
            verdict=band_verdict(  # type: ignore[arg-type]
                m.first_attempt_pass_rate, program.band_low, program.band_high
            ),
        ),
        pass_rate_by_attempt=[
            AttemptNumberRate(
                attempt_number=rate.number,
                attempts=rate.attempts,
                passed=rate.passed,
                pass_rate=rate.rate,
            )
            for rate in m.by_number
        ],
        certified=len(m.days_to_certify),
        median_days_to_certify=m.median_days_to_certify,
        renewals_due=m.renewals_due,
        renewed_before_expiry=m.renewed,
        renewal_rate=m.renewal_rate,
        active_holders=[HoldersPoint(at=at, holders=count) for at, count in m.holders],
        page_views=measured.page_views,
        linkedin_clicks=measured.linkedin_clicks,
    )


def measures_view(report: ProgramReport) -> ProgramMeasures:
    return ProgramMeasures(
        since=report.since,
        until=report.until,
        account_id=report.account.id if report.account is not None else None,
        tier=report.tier,
        computed_at=report.computed_at,
        certifications=[_program_view(measured) for measured in report.programs],
    )
