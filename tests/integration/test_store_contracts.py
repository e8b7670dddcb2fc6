"""The in-memory store fakes keep the contract of the real stores, on both databases.

One set of assertions per store, run against the fake (no database) and against the real
store module in a transaction on SQLite and on PostgreSQL. A behaviour the fast tests rely on
that the real store does not have (or the reverse) fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from itembank.assembly import BY_DIGEST, BY_GENERATOR
from service.attempts import store as attempt_store
from service.attempts.errors import AttemptNotFound, StartRefused
from service.attempts.status import AttemptStatus
from service.attempts.store import NewAttempt, StartedForm, StoredFormEntry
from service.db.models import (
    AttemptRow,
    BankRow,
    ExamRow,
    ItemRevisionRow,
    ItemRow,
    ResponseRow,
)
from service.exams import store as exam_store
from service.exams.errors import CertificationNotFound, ExamNotFound
from service.exams.store import ExamSettings, StoredBlueprint, StoredRetakePolicy
from service.pagination import LimitOffset
from tests.support.credential_fixtures import make_programme
from tests.support.fake_attempt_store import FakeAttemptStore
from tests.support.fake_exam_store import FakeExamStore

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _certification(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "tier": "practitioner",
        "description": "what it certifies",
        "criteria": "pass the exam",
        "validity_days": 365,
        "renewal_window_days": 90,
        "pass_band_low": 0.65,
        "pass_band_high": 0.75,
    }


def _settings(certification_id: UUID, bank_id: UUID, name: str) -> ExamSettings:
    return ExamSettings(
        certification_id=certification_id,
        bank_id=bank_id,
        name=name,
        blueprint=StoredBlueprint(domain_counts={"network": 2}, kind_counts={"recall": 1}),
        recall_cap=0.2,
        time_limit_seconds=1800,
        cut_score=0.7,
        multiple_response_scoring="all_or_nothing",
        shuffle_items=True,
        shuffle_options=False,
        review="domains",
        mastery_threshold=0.7,
        retake_policy=StoredRetakePolicy(waits_after_failure_days=[1, 14], max_attempts=5),
        beta=False,
        show_result_in_credential=True,
        tiers=["practitioner"],
    )


async def exam_store_contract(store: Any, session: Any, bank_id: UUID) -> None:
    assert await store.bank_exists(session, bank_id)
    assert not await store.bank_exists(session, uuid4())
    beta = await store.add_certification(session, **_certification("beta"))
    alpha = await store.add_certification(session, **_certification("alpha"))
    assert (alpha.name, alpha.badge_image, alpha.validity_days) == ("alpha", None, 365)
    assert await store.load_certification(session, beta.id) == beta
    assert await store.certification_named(session, "alpha")
    assert not await store.certification_named(session, "gamma")
    with pytest.raises(CertificationNotFound):
        await store.load_certification(session, uuid4())
    listed, total = await store.list_certifications(session, LimitOffset(limit=1, offset=1))
    assert ([c.id for c in listed], total) == ([beta.id], 2)

    badged = await store.save_badge(session, alpha.id, b"<svg/>", "image/svg+xml")
    assert (badged.badge_image, badged.badge_media_type) == (b"<svg/>", "image/svg+xml")
    assert (await store.load_certification(session, alpha.id)).badge_image == b"<svg/>"

    second = await store.save_exam(session, _settings(alpha.id, bank_id, "second"))
    first = await store.save_exam(session, _settings(beta.id, bank_id, "first"))
    assert await store.load_exam(session, second.id) == second
    assert second.blueprint.domain_counts == {"network": 2}
    assert second.retake_policy.waits_after_failure_days == [1, 14]
    assert await store.exam_named(session, "first", other_than=None)
    assert not await store.exam_named(session, "first", other_than=first.id)
    assert await store.exam_named(session, "first", other_than=second.id)
    renamed = await store.save_exam(session, _settings(beta.id, bank_id, "third"), first.id)
    assert (renamed.id, renamed.name) == (first.id, "third")
    assert (await store.load_exam(session, first.id)).name == "third"
    with pytest.raises(ExamNotFound):
        await store.load_exam(session, uuid4())
    with pytest.raises(ExamNotFound):
        await store.save_exam(session, _settings(beta.id, bank_id, "x"), uuid4())
    pairs, total = await store.list_exams(session, LimitOffset(limit=10, offset=0))
    assert total == 2
    assert [(e.name, c.name) for e, c in pairs] == [("second", "alpha"), ("third", "beta")]
    assert second.tiers == ["practitioner"] and second.retired_at is None

    day = datetime(2026, 3, 1, tzinfo=UTC)
    retired = await store.retire_exam(session, second.id, day)
    assert retired.retired_at is not None and retired.retired_at.replace(tzinfo=UTC) == day
    again = await store.retire_exam(session, second.id, day + timedelta(days=1))
    assert again.retired_at == retired.retired_at
    open_pairs, open_total = await store.list_exams(session, LimitOffset(limit=10, offset=0))
    assert ([e.name for e, _ in open_pairs], open_total) == (["third"], 1)
    gone, gone_total = await store.list_exams(
        session, LimitOffset(limit=10, offset=0), retired=True
    )
    assert ([e.name for e, _ in gone], gone_total) == (["second"], 1)
    _, every = await store.list_exams(session, LimitOffset(limit=10, offset=0), retired=None)
    assert every == 2

    assert await store.certification_or_none(session, uuid4()) is None
    assert await store.certification_or_none(session, alpha.id) == await store.load_certification(
        session, alpha.id
    )
    assert await store.certification_named_other(session, "alpha", beta.id)
    assert not await store.certification_named_other(session, "alpha", alpha.id)
    edited = await store.update_certification(session, alpha.id, criteria="new", validity_days=30)
    assert (edited.criteria, edited.validity_days, edited.name) == ("new", 30, "alpha")
    assert await store.load_certification(session, alpha.id) == edited


def _new_attempt(
    exam_id: UUID, learner: str, started: datetime, minutes: int, revisions: list[str]
) -> NewAttempt:
    return NewAttempt(
        exam_id=exam_id,
        learner_id=learner,
        learner_name="Ada",
        learner_email=None,
        number=1,
        started_at=started,
        deadline=started + timedelta(minutes=minutes),
        time_multiplier=1.0,
        seed=7,
        arrangement=BY_DIGEST,
        form=[
            StoredFormEntry(
                position=position,
                revision_id=revision_id,
                item_id=f"Q-{position}",
                domain="network",
                kind="recall",
                item_set_id=None,
                option_order=["A", "B"],
            )
            for position, revision_id in enumerate(revisions, start=1)
        ],
        via_override=False,
    )


async def attempt_store_contract(
    store: Any, session: Any, exam_id: UUID, revisions: list[str]
) -> None:
    """``revisions``: two item revisions that exist (responses refer to them)."""
    first, second = revisions
    early = await store.insert_attempt(
        session, _new_attempt(exam_id, "l-1", NOW, 30, [first, second]), None
    )
    late = await store.insert_attempt(session, _new_attempt(exam_id, "l-2", NOW, 10, [first]), None)
    assert (early.status, early.learner_id, early.submitted_at) == (
        AttemptStatus.IN_PROGRESS,
        "l-1",
        None,
    )
    assert await store.load_attempt(session, early.id) == early
    with pytest.raises(AttemptNotFound):
        await store.load_attempt(session, uuid4())

    assert [entry.revision_id for entry in early.form] == [first, second]
    saved = await store.responses(session, early.id)
    assert {k: (v.chosen, v.saved_at) for k, v in saved.items()} == {
        first: ([], NOW),
        second: ([], NOW),
    }
    assert await store.chosen_answers(session, early.id) == {}
    later = NOW + timedelta(minutes=3)
    assert await store.save_if_in_progress(
        session, early.id, "l-1", early.deadline, second, ["B"], 12.5, later
    )
    assert await store.chosen_answers(session, early.id) == {second: ["B"]}
    # Not written: another learner's attempt, a deadline other than the stored one, no attempt.
    for learner_id, deadline, attempt_id in (
        ("l-2", early.deadline, early.id),
        ("l-1", early.deadline + timedelta(seconds=1), early.id),
        ("l-1", early.deadline, uuid4()),
    ):
        assert not await store.save_if_in_progress(
            session, attempt_id, learner_id, deadline, first, ["A"], None, later
        )
    assert await store.chosen_answers(session, early.id) == {second: ["B"]}
    assert await store.read_started_form(session, early.id) == StartedForm(
        learner_id="l-1", deadline=early.deadline, revision_ids=(first, second)
    )
    assert await store.read_started_form(session, uuid4()) is None
    assert await store.exposure(session, [first, second, str(uuid4())]) == {first: 2, second: 1}
    assert await store.exposure(session, []) == {}

    assert await store.overdue_ids(session, before=NOW, limit=10) == []
    before = NOW + timedelta(hours=1)
    assert await store.overdue_ids(session, before=before, limit=10) == [late.id, early.id]
    assert await store.overdue_ids(session, before=before, limit=1) == [late.id]
    # last: on PostgreSQL the refused insert ends the transaction
    with pytest.raises(StartRefused) as refused:
        await store.insert_attempt(session, _new_attempt(exam_id, "l-1", NOW, 30, revisions), None)
    assert refused.value.extra["reason"] == "attempt_in_progress"


async def test_the_fake_exam_store_keeps_the_contract() -> None:
    fake = FakeExamStore()
    await exam_store_contract(fake, None, fake.add_bank())


async def test_the_exam_store_keeps_the_contract(db_engine: AsyncEngine) -> None:
    async with async_sessionmaker(db_engine)() as session:
        bank = BankRow(name="contract bank", description="", created_by="author-1")
        session.add(bank)
        await session.flush()
        await exam_store_contract(exam_store, session, bank.id)
        await session.rollback()


async def test_the_fake_attempt_store_keeps_the_contract() -> None:
    fake = FakeAttemptStore()
    await attempt_store_contract(fake, None, uuid4(), [str(uuid4()), str(uuid4())])


async def _two_revisions(session: AsyncSession, exam_id: UUID) -> list[str]:
    bank_id = await session.scalar(select(ExamRow.bank_id).where(ExamRow.id == exam_id))
    item = ItemRow(
        bank_id=bank_id,
        external_id="Q-1",
        status="active",
        kind="recall",
        domain="network",
        stem="?",
        fingerprint="f",
    )
    session.add(item)
    await session.flush()
    revisions = [
        ItemRevisionRow(item_id=item.id, number=n, fingerprint="f", content={}, created_by="a")
        for n in (1, 2)
    ]
    session.add_all(revisions)
    await session.flush()
    return [str(revision.id) for revision in revisions]


async def test_the_attempt_store_keeps_the_contract(db_engine: AsyncEngine) -> None:
    programme = await make_programme(db_engine)
    async with async_sessionmaker(db_engine)() as session:
        ids = await _two_revisions(session, programme.exam_id)
        await attempt_store_contract(attempt_store, session, programme.exam_id, ids)
        await session.rollback()


async def test_a_start_writes_the_same_rows_on_both_databases(
    db_engine: AsyncEngine,
) -> None:
    """PostgreSQL writes the attempt and makes its responses from arrays in one statement,
    SQLite in two and an executemany: every column must come out the same
    (`service.attempts.new_attempt_rows`)."""
    programme = await make_programme(db_engine)
    async with async_sessionmaker(db_engine)() as session:
        revisions = await _two_revisions(session, programme.exam_id)
        new = _new_attempt(programme.exam_id, "l-1", NOW, 30, revisions)
        attempt = await attempt_store.insert_attempt(session, new, None)
        row = await session.get_one(AttemptRow, attempt.id)
        assert (row.exam_id, row.learner_id, row.number, row.status, row.seed) == (
            programme.exam_id,
            "l-1",
            new.number,
            AttemptStatus.IN_PROGRESS,
            new.seed,
        )
        assert row.in_progress_key == f"{programme.exam_id}:l-1"
        assert row.arrangement == new.arrangement == BY_DIGEST
        assert row.started_at == row.created_at == row.updated_at == NOW
        assert attempt_store.form_of(row) == new.form
        assert (row.submitted_at, row.raw_score, row.result) == (None, None, None)
        rows = (
            await session.scalars(select(ResponseRow).where(ResponseRow.attempt_id == attempt.id))
        ).all()
        assert sorted(str(row.revision_id) for row in rows) == sorted(revisions)
        for response in rows:
            assert (response.chosen, response.seconds_spent) == ([], None)
            assert response.saved_at == response.created_at == response.updated_at == NOW
            assert response.id.version == 7
        assert len({response.id for response in rows}) == len(revisions)
        await session.rollback()


async def test_a_start_refused_by_another_constraint_is_not_a_second_attempt(
    db_engine: AsyncEngine,
) -> None:
    """Only the unique attempt in progress reads as `StartRefused`; a form naming a revision
    that does not exist, or an exam that does not, is the database's error as it came."""
    programme = await make_programme(db_engine)
    async with async_sessionmaker(db_engine)() as session:
        revisions = await _two_revisions(session, programme.exam_id)
        new = _new_attempt(programme.exam_id, "l-1", NOW, 30, [*revisions, str(uuid4())])
        with pytest.raises(IntegrityError):
            await attempt_store.insert_attempt(session, new, None)
        await session.rollback()
        no_exam = _new_attempt(uuid4(), "l-1", NOW, 30, revisions)
        with pytest.raises(IntegrityError):
            await attempt_store.insert_attempt(session, no_exam, None)
        await session.rollback()


async def test_an_attempt_stored_without_an_arrangement_reads_as_the_first(
    db_engine: AsyncEngine,
) -> None:
    """As every attempt stored before the arrangements had numbers (migration 0017)."""
    programme = await make_programme(db_engine)
    async with async_sessionmaker(db_engine)() as session:
        attempt_id = uuid4()
        await session.execute(
            insert(AttemptRow).values(
                id=attempt_id,
                exam_id=programme.exam_id,
                learner_id="l-old",
                number=1,
                status=AttemptStatus.IN_PROGRESS,
                started_at=NOW,
                deadline=NOW + timedelta(minutes=30),
                seed=7,
                form=[],
            )
        )
        row = await session.get_one(AttemptRow, attempt_id)
        assert row.arrangement == BY_GENERATOR
        await session.rollback()
