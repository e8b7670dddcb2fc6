"""Pure Open Badges 3.0 credential core: the credential document and its verification.

This face exports the core's own subject: the document model (`IssuerProfile`, `Subject`,
`Achievement`, `Result` ...), building an AchievementCredential and the issuer and achievement
documents, the official JSON Schema check, hashed e-mail identities, verification, the
credential lifecycle rules (validity, renewal), the one timestamp format, and `CredentialsError`,
the base of every error the core raises.

The sub-areas are rooms with faces of their own, imported as packages:

- `credentials.keys`: key encodings (Multikey, multibase, JWK), key documents, resolution, DIDs;
- `credentials.proofs`: Data Integrity proofs, RDF canonicalization, pinned contexts, VC-JWT;
- `credentials.status`: Bitstring Status Lists and their freshness;
- `credentials.baking`: credentials inside PNG and SVG badge images;
- `credentials.presentation`: PDF certificate, share image, badge images and uploads, LinkedIn.

Layers, lowest first (a test holds them): keys; proofs; status; baking; presentation; then the
top-level modules here. Nothing inside the core imports this face (`from credentials import`),
so importing any room never waits on a half-built package.
"""

from credentials.achievement_credential import (
    ACHIEVEMENT_CREDENTIAL_CONTEXTS,
    ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
    ACHIEVEMENT_CREDENTIAL_TYPES,
    JSON_SCHEMA_VALIDATOR_TYPE,
    achievement_document,
    build_achievement_credential,
    profile_document,
)
from credentials.achievement_schema import (
    ACHIEVEMENT_CREDENTIAL_SCHEMA_FILE,
    achievement_credential_schema,
    achievement_credential_schema_errors,
)
from credentials.credential_model import (
    Achievement,
    HashedEmail,
    IssuerProfile,
    Result,
    ResultDescription,
    ResultStatus,
    Subject,
)
from credentials.datetimes import InvalidDateTimeError, format_datetime, is_datetime, parse_datetime
from credentials.errors import CredentialsError
from credentials.identity_hash import (
    email_identity_object,
    email_matches_identity,
    hash_email,
    normalize_email,
)
from credentials.lifecycle import (
    HeldCredential,
    Phase,
    credential_to_renew,
    credential_valid_until,
    has_expired,
    is_renewable,
    renewal_opens_at,
    validity_phase,
)
from credentials.verification import (
    STEP_NAMES,
    CredentialFormat,
    StatusResolver,
    VerificationReport,
    VerificationStep,
    verify_credential,
)

__all__ = [
    "ACHIEVEMENT_CREDENTIAL_CONTEXTS",
    "ACHIEVEMENT_CREDENTIAL_SCHEMA_FILE",
    "ACHIEVEMENT_CREDENTIAL_SCHEMA_URL",
    "ACHIEVEMENT_CREDENTIAL_TYPES",
    "JSON_SCHEMA_VALIDATOR_TYPE",
    "STEP_NAMES",
    "Achievement",
    "CredentialFormat",
    "CredentialsError",
    "HashedEmail",
    "HeldCredential",
    "InvalidDateTimeError",
    "IssuerProfile",
    "Phase",
    "Result",
    "ResultDescription",
    "ResultStatus",
    "StatusResolver",
    "Subject",
    "VerificationReport",
    "VerificationStep",
    "achievement_credential_schema",
    "achievement_credential_schema_errors",
    "achievement_document",
    "build_achievement_credential",
    "credential_to_renew",
    "credential_valid_until",
    "email_identity_object",
    "email_matches_identity",
    "format_datetime",
    "has_expired",
    "hash_email",
    "is_datetime",
    "is_renewable",
    "normalize_email",
    "parse_datetime",
    "profile_document",
    "renewal_opens_at",
    "validity_phase",
    "verify_credential",
]
