"""The declarative base every table derives from.

advanced-alchemy's UUIDv7 audit base gives time-ordered primary keys (good index locality on
both databases) and ``created_at``/``updated_at`` columns.
"""

from __future__ import annotations

from advanced_alchemy.base import UUIDv7AuditBase, orm_registry

Base = UUIDv7AuditBase
metadata = orm_registry.metadata

__all__ = ["Base", "metadata"]
