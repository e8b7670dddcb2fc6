"""What a learner tells us about themselves as a credential holder.

A learner's DID lives in its own table rather than on attempts or credentials: it is the
holder's choice, may change or be withdrawn at any time, and is read only at issuance
(credentials already issued keep the subject id they were signed with).
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from credentials.keys import MAX_DID_LENGTH
from service.db.models.base import Base


class HolderDidRow(Base):
    """The DID a learner asked to be named by as ``credentialSubject.id``."""

    __tablename__ = "holder_dids"

    learner_id: Mapped[str] = mapped_column(String(200), unique=True)
    did: Mapped[str] = mapped_column(String(MAX_DID_LENGTH))
