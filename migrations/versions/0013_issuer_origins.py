"""issuer origins: public base URLs the issuer used before (accredo issuer move)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 05:50:00.000000
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issuer_origins",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.Column("moved_to", sa.String(length=300), nullable=False),
        sa.Column(
            "retired_at",
            advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
            nullable=False,
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuer_origins")),
        sa.UniqueConstraint("origin", name=op.f("uq_issuer_origins_origin")),
    )


def downgrade() -> None:
    op.drop_table("issuer_origins")
