"""Migration 0007 on both databases: cut scores become fractions, exams get their
certification's tier, stacked unused overrides are reduced to the oldest; and back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import advanced_alchemy.types
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from service.db import migrate
from service.db.engine import create_engine
from tests.support.databases import PostgresDatabases, SqliteDatabases

GUID = advanced_alchemy.types.guid.GUID(length=16)
MOMENT = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def _table(name: str, *columns: sa.ColumnClause[Any]) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("id", GUID),
        sa.column("created_at", MOMENT),
        sa.column("updated_at", MOMENT),
        *columns,
    )


BANKS = _table("banks", sa.column("name"), sa.column("description"), sa.column("created_by"))
CERTIFICATIONS = _table(
    "certifications",
    sa.column("name"),
    sa.column("tier"),
    sa.column("description"),
    sa.column("criteria"),
    sa.column("renewal_window_days"),
    sa.column("pass_band_low"),
    sa.column("pass_band_high"),
)
EXAMS = _table(
    "exams",
    sa.column("certification_id", GUID),
    sa.column("bank_id", GUID),
    sa.column("name"),
    sa.column("blueprint", sa.JSON()),
    sa.column("recall_cap"),
    sa.column("time_limit_seconds"),
    sa.column("cut_score", sa.Float()),
    sa.column("tiers", sa.JSON()),
    sa.column("multiple_response_scoring"),
    sa.column("shuffle_items"),
    sa.column("shuffle_options"),
    sa.column("review"),
    sa.column("mastery_threshold"),
    sa.column("retake_policy", sa.JSON()),
    sa.column("beta"),
    sa.column("show_result_in_credential"),
)
OVERRIDES = _table(
    "retake_overrides",
    sa.column("exam_id", GUID),
    sa.column("learner_id"),
    sa.column("reason"),
    sa.column("granted_by"),
    sa.column("used_by_attempt_id", GUID),
)


def _before_0007(url: str) -> str:
    revision = ScriptDirectory.from_config(migrate.alembic_config(url)).get_revision("0007")
    assert revision is not None and isinstance(revision.down_revision, str)
    return revision.down_revision


async def test_stored_exam_values_are_converted_both_ways(
    database_factory: SqliteDatabases | PostgresDatabases,
) -> None:
    url = await database_factory.fresh(migrated=False)
    await migrate.upgrade(url, _before_0007(url))
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now}
    bank, cert, exam = uuid4(), uuid4(), uuid4()
    oldest, stacked, spent = uuid4(), uuid4(), uuid4()
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                BANKS.insert().values(id=bank, name="b", description="", created_by="a", **stamps)
            )
            await connection.execute(
                CERTIFICATIONS.insert().values(
                    id=cert,
                    name="c",
                    tier="expert",
                    description="",
                    criteria="",
                    renewal_window_days=0,
                    pass_band_low=0.45,
                    pass_band_high=0.6,
                    **stamps,
                )
            )
            await connection.execute(
                EXAMS.insert().values(
                    id=exam,
                    certification_id=cert,
                    bank_id=bank,
                    name="e",
                    blueprint={"domainCounts": {"a": 1}},
                    recall_cap=0.2,
                    time_limit_seconds=60,
                    cut_score=72.5,
                    multiple_response_scoring="all_or_nothing",
                    shuffle_items=True,
                    shuffle_options=True,
                    review="score",
                    mastery_threshold=0.7,
                    retake_policy={},
                    beta=False,
                    show_result_in_credential=False,
                    **stamps,
                )
            )
            for override_id, offset, used in (
                (oldest, 0, None),
                (stacked, 1, None),
                (spent, 2, uuid4()),
            ):
                moment = now + timedelta(seconds=offset)
                await connection.execute(
                    OVERRIDES.insert().values(
                        id=override_id,
                        exam_id=exam,
                        learner_id="l-1",
                        reason="r",
                        granted_by="a",
                        used_by_attempt_id=used,
                        created_at=moment,
                        updated_at=moment,
                    )
                )
        await migrate.upgrade(url)
        async with engine.connect() as connection:
            cut, tiers = (
                await connection.execute(sa.select(EXAMS.c.cut_score, EXAMS.c.tiers))
            ).one()
            kept = set((await connection.execute(sa.select(OVERRIDES.c.id))).scalars())
            flags = (
                await connection.execute(
                    sa.text("SELECT lifts_pass_lock, new_learner FROM retake_overrides")
                )
            ).all()
        assert cut == 0.725
        assert tiers == ["expert"]
        assert kept == {oldest, spent}
        assert {tuple(bool(v) for v in row) for row in flags} == {(False, False)}
        await migrate.downgrade(url, _before_0007(url))
        async with engine.connect() as connection:
            restored = (await connection.execute(sa.text("SELECT cut_score FROM exams"))).scalar()
            children = (
                await connection.execute(sa.select(sa.func.count()).select_from(OVERRIDES))
            ).scalar()
        assert restored == 72.5
        assert children == 2  # the exams table was altered in place, not rebuilt (no cascade)
    finally:
        await engine.dispose()
