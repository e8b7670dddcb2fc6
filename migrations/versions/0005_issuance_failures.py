"""issuance failures: an outbox row that failed keeps its error and waits with backoff

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 00:10:00.000000
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("credential_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failures", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "last_failed_at",
                advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "next_try_at",
                advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                nullable=True,
            )
        )
        batch_op.create_index(
            "ix_credential_outbox_due", ["processed_at", "next_try_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("credential_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_credential_outbox_due")
        batch_op.drop_column("next_try_at")
        batch_op.drop_column("last_failed_at")
        batch_op.drop_column("last_error")
        batch_op.drop_column("failures")
