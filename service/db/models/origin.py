"""Public base URLs the issuer used before (``accredo issuer move``).

Credentials sign URLs under the base they were issued at (key, issuer id, status list), and
independent verifiers dereference exactly those URLs. A row here says "this origin was ours":
requests arriving under it are answered with documents that name its URLs, and our own
verifiers place its URLs, so credentials issued there keep verifying after the base changed.
"""

from __future__ import annotations

from datetime import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from service.db.models.base import Base

ORIGIN_LENGTH = 300


class IssuerOriginRow(Base):
    """One previous public base URL (an origin: scheme, host, optional port; no path)."""

    __tablename__ = "issuer_origins"
    __table_args__ = (Index("ix_issuer_origins_updated_at", "updated_at"),)

    origin: Mapped[str] = mapped_column(String(ORIGIN_LENGTH), unique=True)
    moved_to: Mapped[str] = mapped_column(String(ORIGIN_LENGTH))
    retired_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
