"""holder DIDs: the DID a learner registers as their credential subject id

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 06:58:49.679588
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "holder_dids",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("learner_id", sa.String(length=200), nullable=False),
        sa.Column("did", sa.String(length=2048), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holder_dids")),
        sa.UniqueConstraint("learner_id", name=op.f("uq_holder_dids_learner_id")),
    )


def downgrade() -> None:
    op.drop_table("holder_dids")
