"""A small program written row by row at chosen times, for hand-counted coverage and measures.

T0 = 2026-01-05 09:00 UTC. Two certifications (Foundation F, valid 365 days; Practitioner P,
valid 100 days); accounts Acme (crm-acme: a1, a2 analysts, a3 admin, a4 no role) and Globex
(crm-globex: b1 analyst); z belongs to no account. Every learner joins at T0 - 1 day.

| learner | exam | # | started     | submitted   | result            |
|---------|------|---|-------------|-------------|-------------------|
| a1      | F    | 1 | T0          | T0+1h       | pass              |
| a1      | P    | 1 | T0+1d       | T0+1d+1h    | fail              |
| a1      | P    | 2 | T0+10d      | T0+10d+1h   | pass              |
| a2      | P    | 1 | T0+2d       | T0+2d+1h    | pass              |
| a2      | P    | 2 | T0+95d      | T0+95d+1h   | pass (renewal)    |
| a3      | F    | 1 | T0+3d       | T0+3d+1h    | fail              |
| a3      | F    | 2 | T0+99d      | -           | in progress       |
| a4      | F    | 1 | T0+4d       | T0+4d+3h    | pass; revoked T0+50d |
| b1      | P    | 1 | T0+5d       | T0+5d+2h    | pass              |
| z       | F    | 1 | T0+6d       | -           | timed out, failed |

Credentials are issued at the submission time, so validity starts there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.accounts import services as accounts
from service.accounts.schemas import AccountCreate, RoleExpectation
from service.attempts.status import AttemptStatus
from service.credentials.outbox import issue_due_credentials
from service.credentials.status_changes import revoke
from service.db.models import (
    AttemptRow,
    BankRow,
    CertificationRow,
    CredentialOutboxRow,
    CredentialRow,
    ExamRow,
)
from service.db.session import transaction
from service.settings import Settings

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


@dataclass(frozen=True)
class Scenario:
    acme: UUID
    globex: UUID
    foundation: UUID
    practitioner: UUID
    foundation_exam: UUID
    practitioner_exam: UUID
    a1_foundation_public_id: str


async def _programme(
    engine: AsyncEngine, name: str, tier: str, validity: int, band: tuple[float, float]
) -> tuple[UUID, UUID]:
    async with transaction(engine) as session:
        bank = BankRow(name=f"{name} bank", description="", created_by="author-1")
        certification = CertificationRow(
            name=name,
            tier=tier,
            description=f"{name}.",
            criteria="Pass the exam.",
            validity_days=validity,
            renewal_window_days=30,
            pass_band_low=band[0],
            pass_band_high=band[1],
        )
        session.add_all([bank, certification])
        await session.flush()
        exam = ExamRow(
            certification_id=certification.id,
            bank_id=bank.id,
            name=f"{name} exam",
            blueprint={},
            time_limit_seconds=3600,
            cut_score=70.0,
            multiple_response_scoring="all_or_nothing",
            review="none",
            retake_policy={},
        )
        session.add(exam)
        await session.flush()
        return certification.id, exam.id


async def _attempt(
    engine: AsyncEngine,
    settings: Settings,
    exam_id: UUID,
    learner: str,
    number: int,
    started: datetime,
    submitted: datetime | None,
    passed: bool | None,
    status: AttemptStatus = AttemptStatus.SCORED,
) -> None:
    async with transaction(engine) as session:
        attempt = AttemptRow(
            exam_id=exam_id,
            learner_id=learner,
            learner_name=learner.upper(),
            learner_email=f"{learner}@example.com",
            number=number,
            status=status,
            in_progress_key=f"{exam_id}:{learner}" if status is AttemptStatus.IN_PROGRESS else None,
            started_at=started,
            deadline=started + 200 * DAY,
            submitted_at=submitted,
            seed=number,
            form=[],
            raw_score=None if passed is None else (90.0 if passed else 40.0),
            max_score=None if passed is None else 100.0,
            percent=None if passed is None else (90.0 if passed else 40.0),
            passed=passed,
            result=None if passed is None else {},
        )
        session.add(attempt)
        await session.flush()
        if passed:
            session.add(CredentialOutboxRow(attempt_id=attempt.id))
    if passed:
        assert submitted is not None
        assert (await issue_due_credentials(engine, settings, submitted)).issued == 1


async def build_scenario(engine: AsyncEngine, settings: Settings) -> Scenario:
    foundation, f_exam = await _programme(engine, "Foundation F", "foundation", 365, (0.70, 0.80))
    practitioner, p_exam = await _programme(
        engine, "Practitioner P", "practitioner", 100, (0.60, 0.70)
    )
    joined = T0 - DAY
    async with transaction(engine) as session:
        acme = await accounts.create_account(
            session, AccountCreate(name="Acme", external_id="crm-acme", metadata={"tier": "gold"})
        )
        globex = await accounts.create_account(
            session, AccountCreate(name="Globex", external_id="crm-globex")
        )
        for learner, account, role in (
            ("a1", acme.id, "analyst"),
            ("a2", acme.id, "analyst"),
            ("a3", acme.id, "admin"),
            ("a4", acme.id, None),
            ("b1", globex.id, "analyst"),
        ):
            await accounts.set_membership(session, learner, account, role, now=joined, by="admin")
        await accounts.replace_role_expectations(
            session, None, [RoleExpectation(job_role="analyst", tier="practitioner")]
        )
        await accounts.replace_role_expectations(
            session, acme.id, [RoleExpectation(job_role="admin", tier="foundation")]
        )
    await _attempt(engine, settings, f_exam, "a1", 1, T0, T0 + HOUR, True)
    await _attempt(engine, settings, p_exam, "a1", 1, T0 + DAY, T0 + DAY + HOUR, False)
    await _attempt(engine, settings, p_exam, "a1", 2, T0 + 10 * DAY, T0 + 10 * DAY + HOUR, True)
    await _attempt(engine, settings, p_exam, "a2", 1, T0 + 2 * DAY, T0 + 2 * DAY + HOUR, True)
    await _attempt(engine, settings, f_exam, "a3", 1, T0 + 3 * DAY, T0 + 3 * DAY + HOUR, False)
    await _attempt(engine, settings, f_exam, "a4", 1, T0 + 4 * DAY, T0 + 4 * DAY + 3 * HOUR, True)
    await _attempt(engine, settings, p_exam, "b1", 1, T0 + 5 * DAY, T0 + 5 * DAY + 2 * HOUR, True)
    await _attempt(
        engine, settings, f_exam, "z", 1, T0 + 6 * DAY, None, False, AttemptStatus.EXPIRED
    )
    async with transaction(engine) as session:
        a4_credential = await session.scalar(
            select(CredentialRow.public_id).where(CredentialRow.learner_id == "a4")
        )
        assert a4_credential is not None
        await revoke(
            session,
            settings,
            a4_credential,
            reason="shared answers",
            actor="admin",
            now=T0 + 50 * DAY,
        )
    await _attempt(engine, settings, p_exam, "a2", 2, T0 + 95 * DAY, T0 + 95 * DAY + HOUR, True)
    await _attempt(
        engine, settings, f_exam, "a3", 2, T0 + 99 * DAY, None, None, AttemptStatus.IN_PROGRESS
    )
    async with transaction(engine) as session:
        a1_foundation = await session.scalar(
            select(CredentialRow.public_id).where(
                CredentialRow.learner_id == "a1", CredentialRow.certification_id == foundation
            )
        )
    assert a1_foundation is not None
    return Scenario(acme.id, globex.id, foundation, practitioner, f_exam, p_exam, a1_foundation)
