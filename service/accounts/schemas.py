"""Wire shapes of accounts, memberships, role expectations, coverage and program measures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from service.wire import Name, WireModel

JobRole = Annotated[str, Meta(min_length=1, max_length=100)]
TierName = Literal["foundation", "practitioner", "expert"]
MetadataValue = str | int | float | bool | None
Metadata = dict[str, MetadataValue]


class AccountCreate(WireModel):
    name: Name
    external_id: Name
    metadata: Metadata | None = None


class AccountUpdate(WireModel):
    """Only the fields sent change; ``metadata: null`` clears it."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    external_id: Name | msgspec.UnsetType = msgspec.UNSET
    metadata: Metadata | msgspec.UnsetType | None = msgspec.UNSET


class Account(WireModel):
    id: UUID
    name: str
    external_id: str
    metadata: Metadata | None
    learners: int
    created_at: datetime


class MembershipSet(WireModel):
    account_id: UUID
    job_role: JobRole | None = None


class Member(WireModel):
    learner_id: str
    account_id: UUID
    account_external_id: str
    job_role: str | None
    joined_at: datetime


class Move(WireModel):
    learner_id: str
    from_account_id: UUID | None
    to_account_id: UUID | None
    job_role: str | None
    moved_at: datetime
    moved_by: str


class MembershipHistory(WireModel):
    learner_id: str
    current: Member | None
    moves: list[Move]


class RoleExpectation(WireModel):
    job_role: JobRole
    tier: TierName


class RoleExpectations(WireModel):
    """The expected tier per job role: program-wide defaults, or one account's own choices."""

    expectations: list[RoleExpectation]


class ImportSummary(WireModel):
    created: int
    updated: int
    unchanged: int


class CertificationCoverage(WireModel):
    certification_id: UUID
    certification: str
    tier: str
    current: int
    expiring: int
    expired: int
    revoked: int
    suspended: int


class TierCoverage(WireModel):
    tier: str
    current: int


class RoleGap(WireModel):
    job_role: str
    expected_tier: str
    learners: int
    missing: int
    learner_ids: list[str]


class Coverage(WireModel):
    account_id: UUID
    account: str
    external_id: str
    computed_at: datetime
    expiring_within_days: int
    learners: int
    certified_learners: int
    coverage: float | None
    attempts_in_progress: int
    first_attempts: int
    first_attempt_pass_rate: float | None
    certifications: list[CertificationCoverage]
    tiers: list[TierCoverage]
    gaps: list[RoleGap]


class AccountCoverageSummary(WireModel):
    account_id: UUID
    account: str
    external_id: str
    learners: int
    certified_learners: int
    coverage: float | None
    expiring: int
    missing: int


class AttemptNumberRate(WireModel):
    attempt_number: int
    attempts: int
    passed: int
    pass_rate: float | None


class HoldersPoint(WireModel):
    at: datetime
    holders: int


class PassBandOut(WireModel):
    low: float
    high: float
    too_easy_above: float
    verdict: Literal["below", "within", "above", "too_easy", "no_data"]


class CertificationMeasures(WireModel):
    certification_id: UUID
    certification: str
    tier: str
    attempts: int
    started: int
    submitted: int
    completion_rate: float | None
    first_attempts: int
    first_attempt_passes: int
    first_attempt_pass_rate: float | None
    pass_band: PassBandOut
    pass_rate_by_attempt: list[AttemptNumberRate]
    certified: int
    median_days_to_certify: float | None
    renewals_due: int
    renewed_before_expiry: int
    renewal_rate: float | None
    active_holders: list[HoldersPoint]
    page_views: int
    linkedin_clicks: int


class ProgramMeasures(WireModel):
    since: date
    until: date
    account_id: UUID | None
    tier: str | None
    computed_at: datetime
    certifications: list[CertificationMeasures]
