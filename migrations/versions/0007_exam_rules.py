"""exam rules: tiers per exam, retirement, one unused override, cut scores as fractions

* ``exams.tiers``: the tiers an item must carry to appear on a form. Existing exams get their
  certification's tier, the default for new exams too. The column stays nullable in the
  database: making it NOT NULL would make SQLite's batch mode rebuild ``exams``, and dropping
  that table cascades to the attempts and overrides that point at it. The service always
  writes it.
* ``exams.retired_at``: a retired exam refuses new starts and keeps its history.
* ``exams.cut_score``: stored as a fraction (0-1) like every other share; existing percents
  are divided by 100 (and multiplied back on downgrade).
* ``retake_overrides.lifts_pass_lock`` and ``new_learner``: what the admin explicitly allowed.
  At most one unused override per learner and exam (a partial unique index on both engines);
  where several unused ones were stacked, the oldest is kept and the rest are removed, since
  the rule now says a second one is never granted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 03:00:00
"""

import logging
from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")
GUID = advanced_alchemy.types.guid.GUID(length=16)
UNUSED = sa.text("used_by_attempt_id IS NULL")
exams = sa.table(
    "exams",
    sa.column("id", GUID),
    sa.column("certification_id", GUID),
    sa.column("cut_score", sa.Float()),
    sa.column("tiers", sa.JSON()),
)
certifications = sa.table("certifications", sa.column("id", GUID), sa.column("tier", sa.String()))
overrides = sa.table(
    "retake_overrides",
    sa.column("id", GUID),
    sa.column("exam_id", GUID),
    sa.column("learner_id", sa.String()),
    sa.column("used_by_attempt_id", GUID),
    sa.column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("exams") as batch:
        batch.add_column(sa.Column("tiers", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column(
                "retired_at",
                advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                nullable=True,
            )
        )
    connection = op.get_bind()
    stored = connection.execute(
        sa.select(exams.c.id, certifications.c.tier).join(
            certifications, certifications.c.id == exams.c.certification_id
        )
    ).all()
    for exam_id, tier in stored:
        connection.execute(exams.update().where(exams.c.id == exam_id).values(tiers=[tier]))
    connection.execute(exams.update().values(cut_score=exams.c.cut_score / 100.0))

    with op.batch_alter_table("retake_overrides") as batch:
        batch.add_column(
            sa.Column("lifts_pass_lock", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("new_learner", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _remove_stacked_overrides(connection)
    op.create_index(
        "ux_retake_overrides_one_unused",
        "retake_overrides",
        ["exam_id", "learner_id"],
        unique=True,
        sqlite_where=UNUSED,
        postgresql_where=UNUSED,
    )


def _remove_stacked_overrides(connection: sa.Connection) -> None:
    unused = connection.execute(
        sa.select(overrides.c.id, overrides.c.exam_id, overrides.c.learner_id)
        .where(overrides.c.used_by_attempt_id.is_(None))
        .order_by(overrides.c.created_at, overrides.c.id)
    ).all()
    kept: set[tuple[object, str]] = set()
    for override_id, exam_id, learner_id in unused:
        if (exam_id, learner_id) in kept:
            logger.warning(
                "removing stacked unused override %s of learner %s on exam %s",
                override_id,
                learner_id,
                exam_id,
            )
            connection.execute(overrides.delete().where(overrides.c.id == override_id))
        else:
            kept.add((exam_id, learner_id))


def downgrade() -> None:
    op.drop_index("ux_retake_overrides_one_unused", table_name="retake_overrides")
    with op.batch_alter_table("retake_overrides") as batch:
        batch.drop_column("new_learner")
        batch.drop_column("lifts_pass_lock")
    op.get_bind().execute(exams.update().values(cut_score=exams.c.cut_score * 100.0))
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never a batch rebuild: dropping the
    # exams table would cascade to every attempt and override that points at it.
    op.drop_column("exams", "retired_at")
    op.drop_column("exams", "tiers")
