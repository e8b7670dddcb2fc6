"""Rows for credential tests: a certification, exam and passing attempt, plus its outbox row.

Inserted directly so credential tests do not depend on the attempt API.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from uuid import UUID

import anyio
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.credentials.outbox import issue_due_credentials
from service.db.engine import create_engine
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

T = TypeVar("T")

_names = itertools.count(1)


@dataclass(frozen=True)
class Programme:
    certification_id: UUID
    exam_id: UUID


async def make_programme(
    engine: AsyncEngine,
    *,
    name: str = "Cloud Security Practitioner",
    tier: str = "practitioner",
    validity_days: int | None = 365,
    renewal_window_days: int = 90,
    show_result: bool = True,
) -> Programme:
    suffix = next(_names)
    async with transaction(engine) as session:
        bank = BankRow(name=f"bank {suffix}", description="", created_by="author-1")
        certification = CertificationRow(
            name=f"{name}" if suffix == 1 else f"{name} {suffix}",
            tier=tier,
            description="Designs and operates secure cloud workloads.",
            criteria="Pass the proctored exam with at least 70%.",
            validity_days=validity_days,
            renewal_window_days=renewal_window_days,
            pass_band_low=65.0,
            pass_band_high=75.0,
        )
        session.add_all([bank, certification])
        await session.flush()
        exam = ExamRow(
            certification_id=certification.id,
            bank_id=bank.id,
            name=f"exam {suffix}",
            blueprint={},
            time_limit_seconds=3600,
            cut_score=0.7,
            tiers=[tier],
            multiple_response_scoring="all_or_nothing",
            review="none",
            retake_policy={},
            show_result_in_credential=show_result,
        )
        session.add(exam)
        await session.flush()
        return Programme(certification.id, exam.id)


async def pass_attempt(
    engine: AsyncEngine,
    programme: Programme,
    *,
    learner_id: str = "learner-1",
    learner_name: str | None = "Ada Lovelace",
    learner_email: str | None = "ada@example.com",
    number: int = 1,
    percent: float = 86.5,
) -> UUID:
    """A scored, passing attempt and the outbox row scoring would have written."""
    now = datetime.now(UTC)
    async with transaction(engine) as session:
        attempt = AttemptRow(
            exam_id=programme.exam_id,
            learner_id=learner_id,
            learner_name=learner_name,
            learner_email=learner_email,
            number=number,
            status="scored",
            started_at=now - timedelta(hours=1),
            deadline=now,
            submitted_at=now - timedelta(minutes=5),
            seed=number,
            form=[],
            raw_score=percent,
            max_score=100.0,
            percent=percent,
            passed=True,
            result={},
        )
        session.add(attempt)
        await session.flush()
        session.add(CredentialOutboxRow(attempt_id=attempt.id))
        return attempt.id


async def issue(engine: AsyncEngine, settings: Settings, now: datetime | None = None) -> int:
    """Issue what is owed and due, as the background worker would; returns how many."""
    return (await issue_due_credentials(engine, settings, now or datetime.now(UTC))).issued


async def all_credentials(engine: AsyncEngine) -> list[CredentialRow]:
    async with transaction(engine) as session:
        return list((await session.scalars(select(CredentialRow))).all())


async def issue_until(
    engine: AsyncEngine,
    settings: Settings,
    query: Select[T],
    done: Callable[[Sequence[T]], bool],
    *,
    now: datetime | None = None,
) -> Sequence[T]:
    """Issue what is owed (at ``now``) until the rows of `query` satisfy `done`, and return
    them.

    A running app's own issuer may claim a row at the same moment, and `issue` then skips
    it, so a single call cannot promise the credential exists yet.
    """
    with anyio.fail_after(30):
        while True:
            await issue(engine, settings, now)
            async with transaction(engine) as session:
                rows = (await session.scalars(query)).all()
            if done(rows):
                return rows
            await anyio.sleep(0.1)


def engine_for(settings: Settings) -> AsyncEngine:
    return create_engine(settings.database_url, pool_size=5)
