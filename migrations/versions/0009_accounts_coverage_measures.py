"""accounts, coverage and measures: customer accounts, memberships and their moves, role
expectations, public page counts, and the account a credential was earned under

``credentials.account_id`` is NULL for credentials issued before accounts existed (they were
earned under no account).

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-26 03:00:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("external_id", name=op.f("uq_accounts_external_id")),
    )
    op.create_table(
        "role_expectations",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("job_role", sa.String(length=100), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_expectations")),
        sa.UniqueConstraint("scope", "job_role", name=op.f("uq_role_expectations_scope")),
    )
    op.create_table(
        "account_memberships",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("learner_id", sa.String(length=200), nullable=False),
        sa.Column("account_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("job_role", sa.String(length=100), nullable=True),
        sa.Column(
            "joined_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_memberships_account_id_accounts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_memberships")),
        sa.UniqueConstraint("learner_id", name=op.f("uq_account_memberships_learner_id")),
    )
    with op.batch_alter_table("account_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_memberships_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "account_moves",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("learner_id", sa.String(length=200), nullable=False),
        sa.Column("from_account_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("to_account_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("job_role", sa.String(length=100), nullable=True),
        sa.Column(
            "moved_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column("moved_by", sa.String(length=200), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["from_account_id"],
            ["accounts.id"],
            name=op.f("fk_account_moves_from_account_id_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["to_account_id"],
            ["accounts.id"],
            name=op.f("fk_account_moves_to_account_id_accounts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_moves")),
    )
    with op.batch_alter_table("account_moves", schema=None) as batch_op:
        batch_op.create_index(
            "ix_account_moves_learner_moved", ["learner_id", "moved_at"], unique=False
        )

    op.create_table(
        "public_page_counts",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("certification_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["certification_id"],
            ["certifications.id"],
            name=op.f("fk_public_page_counts_certification_id_certifications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_page_counts")),
        sa.UniqueConstraint(
            "certification_id", "day", "kind", name=op.f("uq_public_page_counts_certification_id")
        ),
    )
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("account_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_credentials_account_id"), ["account_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_credentials_account_id_accounts"),
            "accounts",
            ["account_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_credentials_account_id_accounts"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_credentials_account_id"))
        batch_op.drop_column("account_id")

    op.drop_table("public_page_counts")
    with op.batch_alter_table("account_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_account_moves_learner_moved")

    op.drop_table("account_moves")
    with op.batch_alter_table("account_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_memberships_account_id"))

    op.drop_table("account_memberships")
    op.drop_table("role_expectations")
    op.drop_table("accounts")
