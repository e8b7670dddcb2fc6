"""The one statement a start reads before it draws (`service.attempts.start_context`), on both
databases: each optional row is found for this learner and exam only, and the aggregates
count what the retake and renewal rules count."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.attempts.start_context import read_start_context
from service.bank.store import bump_items_version
from service.credentials.states import CredentialStatus
from service.db.models import (
    AccommodationRow,
    CredentialRow,
    CredentialVersionRow,
    ExamRow,
    ExamScaleRow,
    RetakeOverrideRow,
)
from service.db.session import transaction
from service.exams import store as exams_store
from service.exams.errors import ExamNotFound
from service.exams.store import StoredBlueprint, stored_json
from service.settings import Settings
from tests.support.credential_fixtures import (
    Programme,
    issue,
    make_programme,
    pass_attempt,
)


async def _programme(engine: AsyncEngine, **terms: Any) -> Programme:
    """A programme whose exam has a blueprint a start can read."""
    programme = await make_programme(engine, **terms)
    async with transaction(engine) as session:
        await session.execute(
            update(ExamRow)
            .where(ExamRow.id == programme.exam_id)
            .values(blueprint=stored_json(StoredBlueprint(domain_counts={"network": 2})))
        )
    return programme


async def test_a_first_time_learner_brings_nothing(db_engine: AsyncEngine) -> None:
    programme = await _programme(db_engine, validity_days=365, renewal_window_days=90)
    async with transaction(db_engine) as session:
        context = await read_start_context(session, programme.exam_id, "newcomer")
        assert context.exam == await exams_store.load_exam(session, programme.exam_id)
    assert (context.validity_days, context.renewal_window_days) == (365, 90)
    assert context.scale is None
    assert context.time_multiplier == 1.0
    assert context.override is None
    assert not context.has_attempts
    assert context.held_until is None
    assert context.items_version == 0
    async with transaction(db_engine) as session:
        await bump_items_version(session, context.exam.bank_id)
        await bump_items_version(session, context.exam.bank_id)
    async with transaction(db_engine) as session:
        bumped = await read_start_context(session, programme.exam_id, "newcomer")
    assert bumped.items_version == 2


async def test_an_unknown_exam_is_not_found(db_engine: AsyncEngine) -> None:
    await _programme(db_engine)
    async with transaction(db_engine) as session:
        with pytest.raises(ExamNotFound):
            await read_start_context(session, uuid4(), "newcomer")


async def test_the_rows_of_this_learner_and_exam_are_found_and_no_others(
    db_engine: AsyncEngine,
) -> None:
    programme = await _programme(db_engine, validity_days=None, renewal_window_days=30)
    other = await _programme(db_engine)
    async with transaction(db_engine) as session:
        session.add_all(
            [
                AccommodationRow(learner_id="ada", time_multiplier=1.5, granted_by="admin"),
                AccommodationRow(learner_id="bob", time_multiplier=2.0, granted_by="admin"),
                RetakeOverrideRow(
                    exam_id=programme.exam_id,
                    learner_id="ada",
                    reason="spent",
                    granted_by="admin",
                    used_by_attempt_id=uuid4(),
                ),
                RetakeOverrideRow(
                    exam_id=programme.exam_id,
                    learner_id="ada",
                    reason="outage",
                    granted_by="admin",
                    lifts_pass_lock=True,
                ),
                RetakeOverrideRow(
                    exam_id=other.exam_id, learner_id="ada", reason="other", granted_by="admin"
                ),
                RetakeOverrideRow(
                    exam_id=programme.exam_id, learner_id="bob", reason="bob", granted_by="admin"
                ),
                ExamScaleRow(
                    exam_id=programme.exam_id,
                    theta_cut=0.25,
                    cut_source="percent",
                    source_percent=70.0,
                    minimum=100,
                    maximum=900,
                    cut_scaled=700,
                    points_per_logit=100.0,
                    form_tolerance=0.05,
                ),
            ]
        )
    async with transaction(db_engine) as session:
        ada = await read_start_context(session, programme.exam_id, "ada")
        carol = await read_start_context(session, programme.exam_id, "carol")
        elsewhere = await read_start_context(session, other.exam_id, "carol")
    assert (ada.validity_days, ada.renewal_window_days) == (None, 30)
    assert ada.time_multiplier == 1.5
    assert ada.override is not None
    assert (ada.override.reason, ada.override.lifts_pass_lock) == ("outage", True)
    assert ada.scale is not None
    assert (ada.scale.theta_cut, ada.scale.cut_scaled, ada.scale.form_tolerance) == (
        0.25,
        700,
        0.05,
    )
    assert (carol.time_multiplier, carol.override, carol.scale is not None) == (1.0, None, True)
    assert (elsewhere.scale, elsewhere.override) == (None, None)


async def test_attempts_and_held_credentials_count_for_this_learner_only(
    db_engine: AsyncEngine, settings: Settings
) -> None:
    programme = await _programme(db_engine)
    other = await _programme(db_engine)
    await pass_attempt(db_engine, programme, learner_id="ada")
    await pass_attempt(db_engine, other, learner_id="bob")
    assert await issue(db_engine, settings) == 2
    async with transaction(db_engine) as session:
        held = await session.scalar(
            select(CredentialVersionRow.valid_until)
            .join(CredentialRow, CredentialRow.id == CredentialVersionRow.credential_id)
            .where(CredentialRow.learner_id == "ada")
        )
        ada = await read_start_context(session, programme.exam_id, "ada")
        bob_here = await read_start_context(session, programme.exam_id, "bob")
        ada_elsewhere = await read_start_context(session, other.exam_id, "ada")
    assert held is not None
    assert (ada.has_attempts, ada.held_until) == (True, held)
    assert (bob_here.has_attempts, bob_here.held_until) == (False, None)
    assert (ada_elsewhere.has_attempts, ada_elsewhere.held_until) == (False, None)

    async with transaction(db_engine) as session:
        await session.execute(
            update(CredentialRow)
            .where(CredentialRow.learner_id == "ada")
            .values(status=CredentialStatus.REVOKED)
        )
    async with transaction(db_engine) as session:
        revoked = await read_start_context(session, programme.exam_id, "ada")
    assert (revoked.has_attempts, revoked.held_until) == (True, None)
