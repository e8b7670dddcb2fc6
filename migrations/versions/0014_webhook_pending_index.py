"""webhooks: the worker's claim reads a partial index of pending deliveries in event order

The claim asks for an endpoint's earliest due deliveries. The index it had (endpoint, state,
next attempt) gave it every pending row to sort, and PostgreSQL chose to scan the whole table
for the per-credential ordering check; both grow with the deliveries ever made. A partial
index on (endpoint, occurred_at, event_id) of pending rows gives them in claim order and
holds only the backlog.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING_ONLY = "state = 'pending'"


def upgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_deliveries_due")
        batch_op.create_index(
            "ix_webhook_deliveries_pending",
            ["endpoint_id", "occurred_at", "event_id"],
            unique=False,
            postgresql_where=sa.text(PENDING_ONLY),
            sqlite_where=sa.text(PENDING_ONLY),
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_deliveries_pending")
        batch_op.create_index(
            "ix_webhook_deliveries_due", ["endpoint_id", "state", "next_attempt_at"], unique=False
        )
