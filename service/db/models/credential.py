"""Issuer signing keys, issued credentials with their versions, and status lists.

Uniqueness carries the concurrency rules, so they hold on both databases without locks:

- ``signing_keys.active_slot`` is the algorithm while a key signs and NULL once retired: at
  most one active key per algorithm, however many processes start at once.
- ``credential_versions.attempt_id``: one credential version per passing attempt, however
  often or concurrently issuance runs. ``credentials.attempt_id`` is the first attempt.
- ``credentials (status_list_number, status_index)``: one status bit per credential.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.credentials.states import CredentialStatus
from service.db.models.base import Base
from service.keys.states import KeyState


def _stored_as_value(enum: type[StrEnum]) -> Enum:
    """A VARCHAR(20) holding the member's value (as before the enums), read back as the enum."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


class SigningKeyRow(Base):
    """An issuer key; the private half is AES-GCM encrypted with a key derived from the secret."""

    __tablename__ = "signing_keys"
    __table_args__ = (Index("ix_signing_keys_updated_at", "updated_at"),)

    key_id: Mapped[str] = mapped_column(String(64), unique=True)
    algorithm: Mapped[str] = mapped_column(String(20))
    public_key: Mapped[str] = mapped_column(Text)
    private_key_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[KeyState] = mapped_column(_stored_as_value(KeyState))
    active_slot: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    retired_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)


class StatusListRow(Base):
    """One Bitstring Status List; lists of both purposes share numbers and indexes."""

    __tablename__ = "status_lists"
    __table_args__ = (
        UniqueConstraint("purpose", "number"),
        Index("ix_status_lists_updated_at", "updated_at"),
    )

    purpose: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    signed_document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)


class CredentialRow(Base):
    """The current version of an issued credential, plus its status."""

    __tablename__ = "credentials"
    __table_args__ = (
        UniqueConstraint("status_list_number", "status_index"),
        Index("ix_credentials_learner", "learner_id"),
        Index("ix_credentials_certification_learner", "certification_id", "learner_id"),
        Index("ix_credentials_status_valid_until", "status", "valid_until"),
        Index("ix_credentials_updated_at", "updated_at"),
    )

    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    attempt_id: Mapped[UUID] = mapped_column(
        ForeignKey("attempts.id", ondelete="RESTRICT"), unique=True
    )
    learner_id: Mapped[str] = mapped_column(String(200))
    certification_id: Mapped[UUID] = mapped_column(
        ForeignKey("certifications.id", ondelete="RESTRICT")
    )
    holder_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[CredentialStatus] = mapped_column(_stored_as_value(CredentialStatus))
    """Stored as its value (``active``, ``suspended``, ``revoked``); read back as the enum."""
    status_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    status_changed_at: Mapped[datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), nullable=True
    )
    status_changed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    awarded_date: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    valid_from: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    valid_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    vc_jwt: Mapped[str] = mapped_column(Text)
    status_list_number: Mapped[int] = mapped_column(Integer)
    status_index: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    """The learner's account when the credential was first issued; renewals keep it."""


class CredentialVersionRow(Base):
    """Every version ever issued (the current one included); older ones read as superseded."""

    __tablename__ = "credential_versions"
    __table_args__ = (
        UniqueConstraint("credential_id", "version"),
        Index("ix_credential_versions_updated_at", "updated_at"),
    )

    credential_id: Mapped[UUID] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    attempt_id: Mapped[UUID] = mapped_column(
        ForeignKey("attempts.id", ondelete="RESTRICT"), unique=True
    )
    valid_from: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    valid_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    vc_jwt: Mapped[str] = mapped_column(Text)
    superseded_at: Mapped[datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), nullable=True
    )
