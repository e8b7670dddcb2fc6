"""exam scales: an optional form tolerance for assembly on the calibrated scale

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 04:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("exam_scales") as batch:
        batch.add_column(sa.Column("form_tolerance", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exam_scales") as batch:
        batch.drop_column("form_tolerance")
