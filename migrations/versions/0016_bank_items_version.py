"""banks.items_version: a counter every write of a bank's items raises

Every start checked that the active-item list its process kept was still current by reading
all the bank's active revision ids (400 rows joined and sorted per start on a launch-sized
bank). A start now reads this one number with the exam and reads the ids again only when it
moved.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26 19:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "banks", sa.Column("items_version", sa.BigInteger(), server_default="0", nullable=False)
    )


def downgrade() -> None:
    # Not in batch mode: on SQLite that rebuilds the table, and dropping a table other tables
    # reference fails with foreign keys enforced. Both databases drop a column in place.
    op.drop_column("banks", "items_version")
