"""neutralise stored badges: clean every stored badge image with the upload rules

Badges stored before uploads were cleaned may hold script (SVG) or be decompression bombs
(PNG). This data migration runs each through `credentials.presentation.neutralise_stored_badge`
once: SVGs are rebuilt from the allow-list with hostile content removed, raster images
re-encoded under the size bounds, and images that cannot be read at all are removed (the
generated tier badge is shown instead). A migration rather than a start-up step: every
deployment passes through it exactly once before the app may start, and many app processes
never race to rewrite the same rows. There is nothing to restore on downgrade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 00:10:00
"""

import logging
from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

from credentials.presentation import neutralise_stored_badge

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")
certifications = sa.table(
    "certifications",
    sa.column("id", advanced_alchemy.types.guid.GUID(length=16)),
    sa.column("badge_image", sa.LargeBinary()),
    sa.column("badge_media_type", sa.String(length=50)),
)


def upgrade() -> None:
    connection = op.get_bind()
    stored = connection.execute(
        sa.select(
            certifications.c.id, certifications.c.badge_image, certifications.c.badge_media_type
        ).where(certifications.c.badge_image.is_not(None))
    ).all()
    for certification_id, image, media_type in stored:
        clean = neutralise_stored_badge(bytes(image), media_type or "")
        if clean is None:
            logger.warning("badge of certification %s could not be read: removed", certification_id)
            values: dict[str, object] = {"badge_image": None, "badge_media_type": None}
        elif clean.content == bytes(image) and clean.media_type == media_type:
            continue
        else:
            values = {"badge_image": clean.content, "badge_media_type": clean.media_type}
        connection.execute(
            certifications.update().where(certifications.c.id == certification_id).values(values)
        )


def downgrade() -> None:
    """The removed content is gone on purpose; the schema did not change."""
