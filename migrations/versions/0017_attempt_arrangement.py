"""attempts.arrangement: how a form's option orders were derived from its seed

A form's option orders came from one seeded `random.Random` per item, about a tenth of a
start's CPU. New forms derive them from a digest per item instead (`itembank.assembly.
arrange`); every attempt records which, so any stored form can still be rebuilt exactly from
its seed. Attempts already stored were arranged the first way.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-26 22:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "attempts", sa.Column("arrangement", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade() -> None:
    # Not in batch mode, as 0016: both databases drop a column in place.
    op.drop_column("attempts", "arrangement")
