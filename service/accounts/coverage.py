"""Coverage of one account at a moment, computed from plain values (no database here).

Definitions (the README repeats them):

- a member's standing for a certification is that of their latest credential for it (by
  first award, then validity start): ``revoked``, ``suspended``, ``expired`` (active but past
  ``validUntil``) or ``current``; a current one is also ``expiring`` when ``validUntil`` falls
  within the asked number of days;
- a member is *certified* with at least one current credential; ``coverage`` is certified
  members over members;
- a *gap* is a member whose job role has an expected tier and who holds no current credential
  at that tier or a higher one (foundation < practitioner < expert). The expected tier of a
  role is the account's own choice if it made one, else the program-wide default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from service.accounts.store import MembershipRecord
from service.credentials.states import CredentialStatus

TIERS = ("foundation", "practitioner", "expert")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}


@dataclass(frozen=True)
class HeldCredential:
    learner_id: str
    certification_id: UUID
    status: CredentialStatus
    awarded: datetime
    valid_from: datetime
    valid_until: datetime | None


@dataclass(frozen=True)
class CertificationRef:
    id: UUID
    name: str
    tier: str


@dataclass(frozen=True)
class AttemptCounts:
    in_progress: int = 0
    first_attempts: int = 0
    first_attempt_passes: int = 0


@dataclass
class Standing:
    current: int = 0
    expiring: int = 0
    expired: int = 0
    revoked: int = 0
    suspended: int = 0


@dataclass(frozen=True)
class Gap:
    job_role: str
    expected_tier: str
    learners: int
    missing: list[str]


@dataclass
class AccountCoverage:
    learners: int
    certified_learners: int
    attempts: AttemptCounts
    certifications: list[tuple[CertificationRef, Standing]]
    tiers: dict[str, int]
    gaps: list[Gap] = field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        return self.certified_learners / self.learners if self.learners else None

    @property
    def first_attempt_pass_rate(self) -> float | None:
        counts = self.attempts
        return (
            counts.first_attempt_passes / counts.first_attempts if counts.first_attempts else None
        )

    @property
    def expiring(self) -> int:
        return sum(standing.expiring for _, standing in self.certifications)

    @property
    def missing(self) -> int:
        return sum(len(gap.missing) for gap in self.gaps)


def _latest(credentials: Iterable[HeldCredential]) -> dict[tuple[str, UUID], HeldCredential]:
    latest: dict[tuple[str, UUID], HeldCredential] = {}
    for credential in credentials:
        key = (credential.learner_id, credential.certification_id)
        known = latest.get(key)
        if known is None or (credential.awarded, credential.valid_from) > (
            known.awarded,
            known.valid_from,
        ):
            latest[key] = credential
    return latest


def _is_current(credential: HeldCredential, now: datetime) -> bool:
    return credential.status is CredentialStatus.ACTIVE and (
        credential.valid_until is None or credential.valid_until > now
    )


def compute_coverage(
    members: list[MembershipRecord],
    credentials: Iterable[HeldCredential],
    certifications: list[CertificationRef],
    expectations: Mapping[str, str],
    attempts: AttemptCounts,
    *,
    now: datetime,
    expiring_within: timedelta,
) -> AccountCoverage:
    member_ids = {member.learner_id for member in members}
    latest = _latest(c for c in credentials if c.learner_id in member_ids)
    standings = {certification.id: Standing() for certification in certifications}
    tier_of = {certification.id: certification.tier for certification in certifications}
    held_tiers: dict[str, set[str]] = defaultdict(set)
    for (learner_id, certification_id), credential in latest.items():
        standing = standings.get(certification_id)
        if standing is None:
            continue
        if credential.status is CredentialStatus.REVOKED:
            standing.revoked += 1
        elif credential.status is CredentialStatus.SUSPENDED:
            standing.suspended += 1
        elif not _is_current(credential, now):
            standing.expired += 1
        else:
            standing.current += 1
            held_tiers[learner_id].add(tier_of[certification_id])
            if (
                credential.valid_until is not None
                and credential.valid_until <= now + expiring_within
            ):
                standing.expiring += 1
    tiers = {tier: sum(1 for held in held_tiers.values() if tier in held) for tier in TIERS}
    return AccountCoverage(
        learners=len(members),
        certified_learners=len(held_tiers),
        attempts=attempts,
        certifications=[(c, standings[c.id]) for c in certifications],
        tiers=tiers,
        gaps=_gaps(members, held_tiers, expectations),
    )


def _gaps(
    members: list[MembershipRecord], held: Mapping[str, set[str]], expectations: Mapping[str, str]
) -> list[Gap]:
    by_role: dict[str, list[str]] = defaultdict(list)
    for member in members:
        if member.job_role is not None and member.job_role in expectations:
            by_role[member.job_role].append(member.learner_id)
    gaps = []
    for role in sorted(by_role):
        expected = TIER_RANK.get(expectations[role], len(TIERS))
        missing = sorted(
            learner_id
            for learner_id in by_role[role]
            if not any(TIER_RANK.get(tier, -1) >= expected for tier in held.get(learner_id, ()))
        )
        gaps.append(Gap(role, expectations[role], len(by_role[role]), missing))
    return gaps
