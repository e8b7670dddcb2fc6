"""Every table of the service. Importing this package registers them all on ``metadata``."""

from __future__ import annotations

from service.db.models.account import (
    AccountMembershipRow,
    AccountMoveRow,
    AccountRow,
    PublicPageCountRow,
    RoleExpectationRow,
)
from service.db.models.attempt import AttemptRow, CredentialOutboxRow, ResponseRow
from service.db.models.bank import BankDomainRow, BankRow, ItemRevisionRow, ItemRow, ItemSetRow
from service.db.models.base import Base, metadata
from service.db.models.credential import (
    CredentialRow,
    CredentialVersionRow,
    SigningKeyRow,
    StatusListRow,
)
from service.db.models.exam import (
    AccommodationRow,
    CertificationRow,
    ExamRow,
    RetakeOverrideRow,
)
from service.db.models.holder import HolderDidRow
from service.db.models.origin import IssuerOriginRow
from service.db.models.psychometrics import (
    AngoffRatingRow,
    AttemptAbilityRow,
    ExamScaleRow,
    ItemCalibrationRow,
)
from service.db.models.webhook import (
    CertificationReminderRow,
    CredentialNoticeRow,
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
    WebhookEventRow,
)

__all__ = [
    "AccommodationRow",
    "AccountMembershipRow",
    "AccountMoveRow",
    "AccountRow",
    "AngoffRatingRow",
    "AttemptAbilityRow",
    "AttemptRow",
    "BankDomainRow",
    "BankRow",
    "Base",
    "CertificationReminderRow",
    "CertificationRow",
    "CredentialNoticeRow",
    "CredentialOutboxRow",
    "CredentialRow",
    "CredentialVersionRow",
    "ExamRow",
    "ExamScaleRow",
    "HolderDidRow",
    "IssuerOriginRow",
    "ItemCalibrationRow",
    "ItemRevisionRow",
    "ItemRow",
    "ItemSetRow",
    "PublicPageCountRow",
    "ResponseRow",
    "RetakeOverrideRow",
    "RoleExpectationRow",
    "SigningKeyRow",
    "StatusListRow",
    "WebhookAttemptRow",
    "WebhookDeliveryRow",
    "WebhookEndpointRow",
    "WebhookEventRow",
    "metadata",
]
