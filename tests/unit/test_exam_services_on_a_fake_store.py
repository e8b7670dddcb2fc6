"""The certification and exam use cases over the in-memory store: their rules, in milliseconds.

The fake (tests/support/fake_exam_store.py) is held to the real store's contract on both
databases by tests/integration/test_store_contracts.py; the HTTP tests cover the wiring.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from service.exams import services
from service.exams.errors import (
    BadgeRejected,
    BadgeTooLarge,
    CertificationNotFound,
    ExamNotFound,
    NameTaken,
    SettingsRejected,
)
from service.exams.schemas import BlueprintSpec, CertificationCreate, ExamCreate, PassBand
from service.pagination import LimitOffset
from service.settings import Settings
from tests.support.fake_exam_store import FakeExamStore

SESSION = cast(AsyncSession, None)
"""The use cases hand the session to the store only; the fake never touches it."""
CONFIG = Settings(
    database_url="sqlite+aiosqlite:///unused.db",
    public_base_url="https://accredo.test",
    secret_key="x" * 32,
    data_dir=Path("unused"),
)
"""The server-wide limits (recall maximum) the exam rules read; no database is opened."""


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> FakeExamStore:
    fake = FakeExamStore()
    monkeypatch.setattr(services, "store", fake)
    return fake


def _certification(name: str = "Cloud Practitioner", **changes: object) -> CertificationCreate:
    values: dict[str, object] = {
        "name": name,
        "tier": "practitioner",
        "description": "d",
        "criteria": "c",
        "validity_days": 365,
        "renewal_window_days": 30,
    }
    return CertificationCreate(**(values | changes))  # type: ignore[arg-type]


async def test_a_certification_is_stored_trimmed_with_its_tiers_default_pass_band(
    store: FakeExamStore,
) -> None:
    created = await services.create_certification(SESSION, _certification("  Cloud  "))
    assert created.name == "Cloud"
    assert (created.pass_band_low, created.pass_band_high) == (0.60, 0.70)
    assert store.certifications[created.id] == created
    assert await services.get_certification(SESSION, created.id) == created


async def test_a_given_pass_band_wins_over_the_default(store: FakeExamStore) -> None:
    spec = _certification(pass_band=PassBand(low=0.5, high=0.55))
    created = await services.create_certification(SESSION, spec)
    assert (created.pass_band_low, created.pass_band_high) == (0.5, 0.55)


async def test_a_certification_name_is_taken_once(store: FakeExamStore) -> None:
    await services.create_certification(SESSION, _certification("Cloud"))
    with pytest.raises(NameTaken) as taken:
        await services.create_certification(SESSION, _certification(" Cloud "))
    assert (taken.value.what, taken.value.name) == ("certification", "Cloud")
    assert len(store.certifications) == 1


async def test_every_broken_certification_setting_is_named_at_once(store: FakeExamStore) -> None:
    spec = _certification(
        " ",
        validity_days=10,
        renewal_window_days=20,
        pass_band=PassBand(low=0.9, high=0.1),
    )
    with pytest.raises(SettingsRejected) as rejected:
        await services.create_certification(SESSION, spec)
    fields = [problem.field for problem in rejected.value.problems]
    assert fields == ["name", "renewalWindowDays", "passBand"]
    assert store.certifications == {}


async def test_certifications_are_listed_by_name_in_pages(store: FakeExamStore) -> None:
    for name in ("b", "c", "a"):
        await services.create_certification(SESSION, _certification(name))
    window, total = await services.list_certifications(SESSION, LimitOffset(limit=2, offset=1))
    assert ([c.name for c in window], total) == (["b", "c"], 3)


async def test_unknown_ids_are_not_found(store: FakeExamStore) -> None:
    with pytest.raises(CertificationNotFound):
        await services.get_certification(SESSION, uuid4())
    with pytest.raises(ExamNotFound):
        await services.get_exam(SESSION, uuid4())
    with pytest.raises(CertificationNotFound):
        await services.set_badge(SESSION, uuid4(), b"x", "image/png")


async def test_an_exam_names_its_missing_certification_and_bank_with_its_other_faults(
    store: FakeExamStore,
) -> None:
    spec = ExamCreate(
        certification_id=uuid4(),
        bank_id=uuid4(),
        name=" ",
        blueprint=BlueprintSpec(domain_counts={"network": 1}),
        time_limit_minutes=30,
        cut_score=0.7,
    )
    with pytest.raises(SettingsRejected) as rejected:
        await services.create_exam(SESSION, spec, CONFIG)
    fields = [problem.field for problem in rejected.value.problems]
    assert fields == ["name", "certificationId", "bankId"]
    assert store.exams == {}
    with pytest.raises(ExamNotFound):
        await services.update_exam(SESSION, uuid4(), spec, CONFIG)


async def test_a_badge_of_another_media_type_or_too_large_is_refused(
    store: FakeExamStore,
) -> None:
    created = await services.create_certification(SESSION, _certification())
    with pytest.raises(BadgeRejected) as rejected:
        await services.set_badge(SESSION, created.id, b"GIF89a", "image/gif")
    assert [p.field for p in rejected.value.problems] == ["Content-Type"]
    with pytest.raises(BadgeTooLarge):
        await services.set_badge(SESSION, created.id, b"\0" * (10 * 2**20), "image/png")
    assert store.certifications[created.id].badge_image is None
