"""Every table of the service. Importing this package registers them all on ``metadata``."""

from __future__ import annotations

from service.db.models.bank import BankRow, ItemRevisionRow, ItemRow, ItemSetRow
from service.db.models.base import Base, metadata

__all__ = ["BankRow", "Base", "ItemRevisionRow", "ItemRow", "ItemSetRow", "metadata"]
