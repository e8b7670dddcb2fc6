"""psychometrics: item calibrations per revision, Angoff ratings, calibrated exam scales and
attempt abilities

Revision ID: 0011
Revises: 0006
Create Date: 2026-11-26 03:00:00.000000
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)


def _audit(table: str) -> list[sa.Column[object] | sa.PrimaryKeyConstraint]:
    return [
        sa.Column("id", GUID, nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "item_calibrations",
        sa.Column("revision_id", GUID, nullable=False),
        sa.Column("difficulty", sa.Float(), nullable=False),
        sa.Column("standard_error", sa.Float(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("exam_id", GUID, nullable=True),
        sa.Column("method", sa.String(length=200), nullable=False),
        sa.Column("calibrated_by", sa.String(length=200), nullable=False),
        *_audit("item_calibrations"),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["item_revisions.id"],
            name=op.f("fk_item_calibrations_revision_id_item_revisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["exam_id"],
            ["exams.id"],
            name=op.f("fk_item_calibrations_exam_id_exams"),
            ondelete="SET NULL",
        ),
        sa.UniqueConstraint("revision_id", name=op.f("uq_item_calibrations_revision_id")),
    )
    op.create_index(
        op.f("ix_item_calibrations_exam_id"), "item_calibrations", ["exam_id"], unique=False
    )
    op.create_table(
        "angoff_ratings",
        sa.Column("exam_id", GUID, nullable=False),
        sa.Column("panelist_id", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("rating", sa.Float(), nullable=False),
        *_audit("angoff_ratings"),
        sa.ForeignKeyConstraint(
            ["exam_id"],
            ["exams.id"],
            name=op.f("fk_angoff_ratings_exam_id_exams"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "exam_id",
            "panelist_id",
            "item_id",
            name=op.f("uq_angoff_ratings_exam_id"),
        ),
    )
    op.create_index(op.f("ix_angoff_ratings_exam_id"), "angoff_ratings", ["exam_id"], unique=False)
    op.create_table(
        "exam_scales",
        sa.Column("exam_id", GUID, nullable=False),
        sa.Column("theta_cut", sa.Float(), nullable=False),
        sa.Column("cut_source", sa.String(length=20), nullable=False),
        sa.Column("source_percent", sa.Float(), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.Column("maximum", sa.Integer(), nullable=False),
        sa.Column("cut_scaled", sa.Integer(), nullable=False),
        sa.Column("points_per_logit", sa.Float(), nullable=False),
        sa.Column("pretest_uncalibrated", sa.Boolean(), nullable=False),
        *_audit("exam_scales"),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_exam_scales_exam_id_exams"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("exam_id", name=op.f("uq_exam_scales_exam_id")),
    )
    op.create_table(
        "attempt_abilities",
        sa.Column("attempt_id", GUID, nullable=False),
        sa.Column("theta", sa.Float(), nullable=True),
        sa.Column("standard_error", sa.Float(), nullable=True),
        sa.Column("scaled_score", sa.Integer(), nullable=True),
        sa.Column("items_scored", sa.Integer(), nullable=False),
        sa.Column("pretest_items", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=True),
        *_audit("attempt_abilities"),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempts.id"],
            name=op.f("fk_attempt_abilities_attempt_id_attempts"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("attempt_id", name=op.f("uq_attempt_abilities_attempt_id")),
    )


def downgrade() -> None:
    op.drop_table("attempt_abilities")
    op.drop_table("exam_scales")
    op.drop_index(op.f("ix_angoff_ratings_exam_id"), table_name="angoff_ratings")
    op.drop_table("angoff_ratings")
    op.drop_index(op.f("ix_item_calibrations_exam_id"), table_name="item_calibrations")
    op.drop_table("item_calibrations")
