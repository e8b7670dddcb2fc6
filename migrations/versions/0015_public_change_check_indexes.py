"""public snapshot: an index on updated_at of every table its change check watches

Every process checks three times a second which public rows changed: the newest ``updated_at``
of each watched table, then the rows stamped within two minutes of it. Without an index both
read the whole table, credentials and versions with their signed documents, so the check grew
with every credential ever issued (about 40 ms on SQLite at 3,000 credentials, and a stale
snapshot once it passed its freshness limit). With one, both are index lookups.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26 13:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "credentials",
    "credential_versions",
    "status_lists",
    "signing_keys",
    "certifications",
    "issuer_origins",
)


def upgrade() -> None:
    for table in WATCHED:
        op.create_index(f"ix_{table}_updated_at", table, ["updated_at"], unique=False)


def downgrade() -> None:
    for table in WATCHED:
        op.drop_index(f"ix_{table}_updated_at", table_name=table)
