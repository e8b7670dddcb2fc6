"""Coverage use cases: one account, every account sorted, and what changed for webhooks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import coverage_store, store
from service.accounts.coverage import AccountCoverage, AttemptCounts, compute_coverage
from service.accounts.store import AccountRecord

SortKey = Literal["coverage", "learners", "certified", "expiring", "missing", "name"]
DEFAULT_EXPIRING_DAYS = 90


@dataclass(frozen=True)
class CoverageReport:
    account: AccountRecord
    computed_at: datetime
    expiring_within_days: int
    coverage: AccountCoverage


def _effective(defaults: Mapping[str, str], own: Mapping[str, str]) -> dict[str, str]:
    return {**defaults, **own}


async def account_coverage(
    session: AsyncSession, account_id: UUID, *, now: datetime, expiring_days: int
) -> CoverageReport:
    account = await store.load_account(session, account_id)
    expectations = _effective(
        await store.expectations(session, None), await store.expectations(session, account_id)
    )
    members = (await coverage_store.members_by_account(session, account_id))[account_id]
    credentials = await coverage_store.credentials_by_account(session, account_id)
    attempts = await coverage_store.attempts_by_account(session, account_id)
    computed = compute_coverage(
        members,
        credentials.get(account_id, []),
        await coverage_store.certifications(session),
        expectations,
        attempts.get(account_id, AttemptCounts()),
        now=now,
        expiring_within=timedelta(days=expiring_days),
    )
    return CoverageReport(account, now, expiring_days, computed)


async def all_coverage(
    session: AsyncSession,
    *,
    now: datetime,
    expiring_days: int,
    sort: SortKey,
    descending: bool,
) -> list[CoverageReport]:
    """Every account's coverage, sorted (accounts without learners sort as coverage 0)."""
    accounts = await store.all_accounts(session)
    members = await coverage_store.members_by_account(session, None)
    credentials = await coverage_store.credentials_by_account(session, None)
    attempts = await coverage_store.attempts_by_account(session, None)
    certifications = await coverage_store.certifications(session)
    stored = await store.expectations_by_scope(session)
    defaults = stored.get(store.GLOBAL_SCOPE, {})
    reports = []
    for account in accounts:
        computed = compute_coverage(
            members.get(account.id, []),
            credentials.get(account.id, []),
            certifications,
            _effective(defaults, stored.get(store.account_scope(account.id), {})),
            attempts.get(account.id, AttemptCounts()),
            now=now,
            expiring_within=timedelta(days=expiring_days),
        )
        reports.append(CoverageReport(account, now, expiring_days, computed))
    reports.sort(key=lambda report: report.account.name.casefold())
    if sort != "name":
        reports.sort(key=lambda report: _sort_value(report.coverage, sort), reverse=descending)
    elif descending:
        reports.reverse()
    return reports


def _sort_value(coverage: AccountCoverage, sort: SortKey) -> float:
    values = {
        "coverage": coverage.coverage or 0.0,
        "learners": float(coverage.learners),
        "certified": float(coverage.certified_learners),
        "expiring": float(coverage.expiring),
        "missing": float(coverage.missing),
    }
    return values[sort]


@dataclass(frozen=True)
class CoverageSnapshot:
    """What ``account.coverage_changed`` compares: counts, not learners' details."""

    account_id: UUID
    external_id: str
    learners: int
    certified_learners: int
    tiers: tuple[tuple[str, int], ...]
    certifications: tuple[tuple[UUID, int], ...]
    missing: tuple[tuple[str, int], ...]


async def coverage_snapshot(
    session: AsyncSession, account_id: UUID, *, now: datetime
) -> CoverageSnapshot:
    """The account's coverage counts now; take one before and one after a change."""
    report = await account_coverage(
        session, account_id, now=now, expiring_days=DEFAULT_EXPIRING_DAYS
    )
    computed = report.coverage
    return CoverageSnapshot(
        account_id=account_id,
        external_id=report.account.external_id,
        learners=computed.learners,
        certified_learners=computed.certified_learners,
        tiers=tuple(sorted(computed.tiers.items())),
        certifications=tuple(
            sorted(
                (certification.id, standing.current)
                for certification, standing in computed.certifications
            )
        ),
        missing=tuple((gap.job_role, len(gap.missing)) for gap in computed.gaps),
    )


def coverage_changes(before: CoverageSnapshot, after: CoverageSnapshot) -> dict[str, object]:
    """What differs between two snapshots of one account: empty when coverage did not change.

    Keys are the snapshot fields that moved, each ``{"before": ..., "after": ...}``.
    """
    changes: dict[str, object] = {}
    for name in ("learners", "certified_learners", "tiers", "certifications", "missing"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes[name] = {"before": old, "after": new}
    return changes
