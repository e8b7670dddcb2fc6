"""Verify an Open Badges 3.0 credential, step by step, and say which step failed and why.

Steps, in order (each reports ``ok`` and a sentence):

1. ``format``   JSON-LD with an embedded proof (VC Data Model 2.0), or a VC-JWT.
2. ``schema``   the official 1EdTech AchievementCredential JSON Schema.
3. ``proof``    the signature (eddsa-rdfc-2022 or ES256) over the document, with the key
                the resolver gives for the proof's verification method / JWT ``kid``.
4. ``issuer_key`` that key is known, controlled by the credential's issuer, of the right
                kind for the proof, and was not revoked when the proof was made.
5. ``validity_period`` ``validFrom`` <= now < ``validUntil``.
6. ``status``   no revocation or suspension bit is set in the referenced status lists, nor
                in the issuer's paired lists the caller passes (``paired_status``): a
                credential names one list, but revoked is told from suspended by reading
                both (see `credentials.status.status_list.paired_entries`). Revoked wins.

Every step runs even when an earlier one failed (unless the document could not be read at
all), so a person sees every problem at once. The verifier does no I/O: keys and status
lists come from the resolvers the caller passes in, and ``now`` is an argument.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from credentials.achievement_schema import achievement_credential_schema_errors
from credentials.datetimes import InvalidDateTimeError, format_datetime, parse_datetime
from credentials.keys import KeyResolver, ResolvedKey
from credentials.proofs import (
    REGISTERED_CLAIMS,
    VC_V2_CONTEXT,
    DocumentLoader,
    VcJwtError,
    decode_vc_jwt,
    offline_document_loader,
    read_vc_jwt_header,
    verify_eddsa_rdfc_2022_proof,
)
from credentials.status import (
    StatusList,
    StatusListEntry,
    StatusListError,
    read_status_list_entries,
)

StatusResolver = Callable[[str], StatusList | None]
"""Maps a ``statusListCredential`` URL to a trusted, decoded list, or None if unavailable."""

CredentialFormat = Literal["ldp", "jwt"]
STEP_NAMES = ("format", "schema", "proof", "issuer_key", "validity_period", "status")


@dataclass(frozen=True, slots=True)
class VerificationStep:
    """One check: its name, whether it passed, and a sentence a person can act on."""

    name: str
    ok: bool
    detail: str
    required: bool = True


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """All steps in order; ``ok`` when every required step passed."""

    steps: tuple[VerificationStep, ...]
    credential_format: CredentialFormat | None = None
    credential: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """True when every required step passed."""
        return all(step.ok for step in self.steps if step.required)

    def step(self, name: str) -> VerificationStep:
        """Return the step called ``name``."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (without the credential) for APIs and the CLI."""
        return {
            "ok": self.ok,
            "format": self.credential_format,
            "steps": [
                {"name": s.name, "ok": s.ok, "detail": s.detail, "required": s.required}
                for s in self.steps
            ],
        }


@dataclass(slots=True)
class _ProofOutcome:
    ok: bool
    detail: str
    verification_method: str | None = None
    created: datetime | None = None


def verify_credential(
    document_or_jwt: dict[str, Any] | str | bytes,
    key_resolver: KeyResolver,
    status_resolver: StatusResolver,
    now: datetime,
    loader: DocumentLoader = offline_document_loader,
    paired_status: Callable[[list[StatusListEntry]], list[StatusListEntry]] | None = None,
) -> VerificationReport:
    """Verify a credential given as a JSON object, JSON text, or a compact VC-JWT.

    ``paired_status`` maps the credential's status entries to the issuer's paired entries
    (same index, other purpose) to read as well; a paired list the resolver cannot give is
    skipped, since the credential itself does not name it.
    """
    parsed = _read_format(document_or_jwt)
    if isinstance(parsed, VerificationStep):
        skipped = tuple(
            VerificationStep(name, False, "not checked: the credential could not be read")
            for name in STEP_NAMES[1:]
        )
        return VerificationReport((parsed, *skipped))
    credential_format, credential, token = parsed
    format_step = VerificationStep(
        "format",
        True,
        "VC-JWT (ES256)" if credential_format == "jwt" else "JSON-LD with an embedded proof",
    )
    issuer = _issuer_id(credential)
    proof = (
        _check_jwt_proof(token, key_resolver)
        if token is not None
        else _check_ldp_proof(credential, key_resolver, now, loader)
    )
    steps = (
        format_step,
        _check_schema(credential),
        VerificationStep("proof", proof.ok, proof.detail),
        _check_issuer_key(proof, issuer, credential_format, key_resolver),
        _check_validity(credential, now),
        _check_status(credential, issuer, status_resolver, now, paired_status),
    )
    return VerificationReport(steps, credential_format, credential)


def _read_format(
    value: dict[str, Any] | str | bytes,
) -> tuple[CredentialFormat, dict[str, Any], str | None] | VerificationStep:
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return VerificationStep("format", False, "the file is not UTF-8 text")
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except json.JSONDecodeError as error:
                return VerificationStep("format", False, f"not valid JSON: {error}")
        else:
            return _read_jwt(text)
    if not isinstance(value, dict):
        return VerificationStep("format", False, "expected a JSON object or a VC-JWT")
    contexts = value.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != VC_V2_CONTEXT:
        return VerificationStep(
            "format", False, f"the first @context must be {VC_V2_CONTEXT} (VC Data Model 2.0)"
        )
    types = value.get("type")
    if not isinstance(types, list | str) or "VerifiableCredential" not in types:
        return VerificationStep("format", False, "type does not include VerifiableCredential")
    return "ldp", value, None


def _read_jwt(token: str) -> tuple[CredentialFormat, dict[str, Any], str] | VerificationStep:
    if token.count(".") != 2:
        return VerificationStep("format", False, "neither JSON nor a compact JWS (VC-JWT)")
    try:
        read_vc_jwt_header(token)
        payload = jwt.decode(token, options={"verify_signature": False})
    except (VcJwtError, jwt.PyJWTError) as error:
        return VerificationStep("format", False, f"unreadable VC-JWT: {error}")
    credential = {k: v for k, v in payload.items() if k not in REGISTERED_CLAIMS}
    return "jwt", credential, token


def _issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else None


def _check_schema(credential: dict[str, Any]) -> VerificationStep:
    problems = achievement_credential_schema_errors(credential)
    if not problems:
        return VerificationStep("schema", True, "conforms to the AchievementCredential schema")
    return VerificationStep("schema", False, "AchievementCredential schema: " + "; ".join(problems))


def _check_ldp_proof(
    credential: dict[str, Any], key_resolver: KeyResolver, now: datetime, loader: DocumentLoader
) -> _ProofOutcome:
    def ed25519_key(method: str) -> Ed25519PublicKey | None:
        resolved = key_resolver(method)
        if resolved is None or not isinstance(resolved.public_key, Ed25519PublicKey):
            return None
        return resolved.public_key

    check = verify_eddsa_rdfc_2022_proof(credential, ed25519_key, now=now, loader=loader)
    return _ProofOutcome(check.ok, check.reason, check.verification_method, check.created)


def _check_jwt_proof(token: str, key_resolver: KeyResolver) -> _ProofOutcome:
    def p256_key(kid: str) -> EllipticCurvePublicKey | None:
        resolved = key_resolver(kid)
        if resolved is None or not isinstance(resolved.public_key, EllipticCurvePublicKey):
            return None
        return resolved.public_key

    kid = read_vc_jwt_header(token).get("kid")
    method = kid if isinstance(kid, str) else None
    try:
        verified = decode_vc_jwt(token, p256_key, now=None)
    except VcJwtError as error:
        return _ProofOutcome(False, str(error), method)
    issued_at = verified.payload.get("iat")
    created = (
        datetime.fromtimestamp(issued_at, tz=UTC)
        if isinstance(issued_at, int | float) and not isinstance(issued_at, bool)
        else None
    )
    return _ProofOutcome(True, "valid ES256 signature", method, created)


def _check_issuer_key(
    proof: _ProofOutcome,
    issuer: str | None,
    credential_format: CredentialFormat,
    key_resolver: KeyResolver,
) -> VerificationStep:
    name = "issuer_key"
    if proof.verification_method is None:
        return VerificationStep(name, False, "no verification method or kid to check")
    key: ResolvedKey | None = key_resolver(proof.verification_method)
    if key is None:
        return VerificationStep(name, False, f"unknown key {proof.verification_method}")
    if issuer is None:
        return VerificationStep(name, False, "the credential has no issuer id")
    if key.controller != issuer:
        return VerificationStep(
            name, False, f"the key is controlled by {key.controller}, not the issuer {issuer}"
        )
    expected_kind = "Ed25519" if credential_format == "ldp" else "P-256"
    is_right_kind = (
        isinstance(key.public_key, Ed25519PublicKey)
        if credential_format == "ldp"
        else isinstance(key.public_key, EllipticCurvePublicKey)
        and isinstance(key.public_key.curve, SECP256R1)
    )
    if not is_right_kind:
        return VerificationStep(name, False, f"the proof needs an {expected_kind} key")
    if key.revoked is not None and (proof.created is None or proof.created >= key.revoked):
        return VerificationStep(
            name, False, f"the key was revoked at {format_datetime(key.revoked)}"
        )
    return VerificationStep(name, True, f"{key.verification_method} belongs to the issuer")


def _check_validity(credential: dict[str, Any], now: datetime) -> VerificationStep:
    name = "validity_period"
    try:
        valid_from = parse_datetime(credential.get("validFrom"))
        raw_until = credential.get("validUntil")
        valid_until = parse_datetime(raw_until) if raw_until is not None else None
    except InvalidDateTimeError as error:
        return VerificationStep(name, False, str(error))
    if now < valid_from:
        return VerificationStep(name, False, f"not valid until {format_datetime(valid_from)}")
    if valid_until is not None and now >= valid_until:
        return VerificationStep(name, False, f"expired on {format_datetime(valid_until)}")
    until = f" until {format_datetime(valid_until)}" if valid_until else " with no expiry"
    return VerificationStep(name, True, f"valid from {format_datetime(valid_from)}{until}")


def _check_status(
    credential: dict[str, Any],
    issuer: str | None,
    status_resolver: StatusResolver,
    now: datetime,
    paired_status: Callable[[list[StatusListEntry]], list[StatusListEntry]] | None,
) -> VerificationStep:
    name = "status"
    try:
        entries = read_status_list_entries(credential)
    except StatusListError as error:
        return VerificationStep(name, False, str(error))
    if not entries:
        return VerificationStep(name, True, "the credential has no status entry")
    set_purposes: set[str] = set()
    for entry in entries:
        problem, is_set = _read_entry(entry, issuer, status_resolver, now)
        if problem is not None:
            return VerificationStep(name, False, problem)
        if is_set:
            set_purposes.add(entry.purpose)
    checked = {entry.purpose for entry in entries}
    for entry in paired_status(entries) if paired_status is not None else []:
        if status_resolver(entry.list_credential_url) is None:
            continue
        problem, is_set = _read_entry(entry, issuer, status_resolver, now)
        if problem is None:
            checked.add(entry.purpose)
            if is_set:
                set_purposes.add(entry.purpose)
    if "revocation" in set_purposes:
        return VerificationStep(name, False, "the credential is revoked")
    if "suspension" in set_purposes:
        return VerificationStep(name, False, "the credential is suspended")
    purposes = " and ".join(sorted(checked))
    return VerificationStep(name, True, f"not set in the {purposes} list")


def _read_entry(
    entry: StatusListEntry, issuer: str | None, status_resolver: StatusResolver, now: datetime
) -> tuple[str | None, bool]:
    """``(problem, bit)``: why the entry cannot be read, or whether its bit is set."""
    url = entry.list_credential_url
    status_list = status_resolver(url)
    if status_list is None:
        return f"status list {url} is unavailable", False
    if status_list.valid_until is not None and now >= status_list.valid_until:
        return f"status list {url} is out of date", False
    if status_list.purpose != entry.purpose:
        return f"the list is for {status_list.purpose}, the entry for {entry.purpose}", False
    if status_list.issuer is not None and issuer is not None and status_list.issuer != issuer:
        return "the status list has a different issuer", False
    if entry.index >= status_list.bitstring.size:
        return f"status index {entry.index} is outside the list", False
    return None, status_list.bitstring.get(entry.index)
