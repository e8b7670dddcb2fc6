"""Demo data: the sample Lumen Analytics bank, a practitioner certification and its exam.

Loaded by ``make run`` on every start, so it must be idempotent: it does nothing when the
demo bank already exists.
"""

from __future__ import annotations

from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.bank import services as bank_services
from service.db.models import BankRow
from service.exams import services as exam_services
from service.exams.schemas import (
    BlueprintSpec,
    CertificationCreate,
    ExamCreate,
    KindBounds,
    RetakePolicySpec,
)
from service.settings import Settings

DEMO_BANK = "Lumen Analytics (sample)"
DEMO_CERTIFICATION = "Lumen Certified Practitioner"
DEMO_EXAM = "Lumen Practitioner exam"
DEMO_ACTOR = "demo"


def sample_bank_bytes() -> bytes:
    return files("itembank.samples").joinpath("sample_bank.yaml").read_bytes()


async def load_demo(session: AsyncSession, settings: Settings) -> bool:
    """Load the demo data; returns False when it was already there."""
    if await session.scalar(select(BankRow.id).where(BankRow.name == DEMO_BANK)) is not None:
        return False
    bank = await bank_services.create_bank(
        session,
        name=DEMO_BANK,
        description="A realistic sample bank for the fictional Lumen Analytics product.",
        actor=DEMO_ACTOR,
    )
    parsed = bank_services.parse_upload(
        sample_bank_bytes(), filename="sample_bank.yaml", content_type=None, max_bytes=10**7
    )
    await bank_services.import_bank(session, bank, parsed, actor=DEMO_ACTOR)
    certification = await exam_services.create_certification(
        session,
        CertificationCreate(
            name=DEMO_CERTIFICATION,
            tier="practitioner",
            description="Designs, secures and shares Lumen Analytics reporting for a business.",
            criteria="Pass the Lumen Practitioner exam (70% or more) under exam conditions.",
            validity_days=730,
            renewal_window_days=90,
        ),
    )
    await exam_services.create_exam(
        session,
        ExamCreate(
            certification_id=certification.id,
            bank_id=bank.id,
            name=DEMO_EXAM,
            blueprint=BlueprintSpec(
                domain_counts={
                    "reporting.filters": 4,
                    "dashboards.design": 4,
                    "data.modeling": 4,
                    "data.connections": 3,
                    "security.access": 4,
                    "sharing.collaboration": 3,
                },
                kind_ranges={"scenario": KindBounds(min=6), "diagnostic": KindBounds(min=4)},
            ),
            time_limit_minutes=45,
            cut_score=0.7,
            review="domains",
            retake_policy=RetakePolicySpec(
                waits_after_failure_days=[1, 14], max_attempts=5, window_days=365
            ),
        ),
        settings,
    )
    return True
