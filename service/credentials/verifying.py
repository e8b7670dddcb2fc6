"""Verify any credential (JSON, VC-JWT, or baked image) against our own keys and lists.

The pure verifier (`credentials.verification`) checks proof, issuer key, schema, validity, the
status list the credential names and its paired list (revocation or suspension, same index), so
old credentials (pointing at the suspension list) and new ones (pointing at the revocation list)
both read "revoked" or "suspended" correctly. The database adds what only the issuer knows: the
recorded status, its time, and whether this is the current version (a renewed credential's older
versions read as superseded). No network is used.

A credential issued under a previous origin (``accredo issuer move``) names that origin's URLs;
they are placed under it (`service.origins.placing`), so it verifies as it did before the move.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import anyio.to_thread
import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from credentials import (
    InvalidDateTimeError,
    VerificationReport,
    VerificationStep,
    format_datetime,
    has_expired,
    parse_datetime,
    verify_credential,
)
from credentials.baking import BakingError, extract_png, extract_svg
from credentials.proofs import REGISTERED_CLAIMS
from credentials.status import StatusListError, paired_entries, read_status_list_entries
from service.credentials.errors import (
    CredentialFileUnreadable,
    CredentialNotFound,
    NoBakedCredential,
)
from service.credentials.states import CredentialStatus
from service.credentials.status_changes import get_credential
from service.credentials.status_lists import parse_list_url, trusted_lists
from service.credentials.urls import public_id_from_url
from service.db.models import CredentialRow
from service.keys.services import database_key_resolver
from service.origins.placing import issuing_base
from service.origins.store import previous_origin_urls
from service.settings import Settings

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class ServiceReport:
    ok: bool
    status: str | None
    report: dict[str, Any]


def unwrap(payload: bytes, field: str = "body") -> str:
    """The credential text inside a baked PNG/SVG, or the payload itself (JSON or VC-JWT).

    ``field`` names where the payload came from in any problem reported.
    """
    try:
        if payload.startswith(PNG_MAGIC):
            found = extract_png(payload)
        else:
            text = payload.decode("utf-8").strip()
            if not text.startswith(("<?xml", "<svg")):
                return text
            found = extract_svg(text)
    except (BakingError, UnicodeDecodeError, ValueError) as error:
        raise CredentialFileUnreadable(field, str(error)) from error
    if found is None:
        raise NoBakedCredential(field)
    return found


def unverified_credential(text: str) -> dict[str, Any] | None:
    try:
        if text.startswith("{"):
            value = json.loads(text)
            return value if isinstance(value, dict) else None
        payload = jwt.decode(text, options={"verify_signature": False})
    except (ValueError, jwt.PyJWTError):
        return None
    return {k: v for k, v in payload.items() if k not in REGISTERED_CLAIMS}


async def _our_record(
    session: AsyncSession, settings: Settings, credential: dict[str, Any] | None, base: str
) -> CredentialRow | None:
    identifier = credential.get("id") if credential else None
    public_id = (
        public_id_from_url(settings, identifier, base) if isinstance(identifier, str) else None
    )
    if public_id is None:
        return None
    try:
        return await get_credential(session, public_id)
    except CredentialNotFound:
        return None


def _record_step(
    settings: Settings, row: CredentialRow | None, credential: dict[str, Any] | None
) -> VerificationStep:
    if row is None:
        return VerificationStep("record", False, "this issuer has no record of the credential")
    try:
        valid_from = parse_datetime((credential or {}).get("validFrom"))
    except InvalidDateTimeError:
        return VerificationStep("record", False, "the credential has no readable validFrom")
    if format_datetime(valid_from) != format_datetime(row.valid_from):
        return VerificationStep(
            "record",
            False,
            f"superseded: renewed on {format_datetime(row.valid_from)} as version {row.version}",
        )
    return VerificationStep("record", True, f"the issuer's current version ({row.version})")


def _status_step(row: CredentialRow | None, step: VerificationStep) -> VerificationStep:
    if row is None or row.status == CredentialStatus.ACTIVE:
        return step
    when = format_datetime(row.status_changed_at) if row.status_changed_at else "unknown time"
    return VerificationStep("status", False, f"the issuer {row.status} the credential on {when}")


async def verify_payload(
    session: AsyncSession,
    settings: Settings,
    text: str,
    now: datetime,
    previous: Sequence[str] | None = None,
) -> ServiceReport:
    """``previous``: the recorded previous origins (read from the database when not given)."""
    credential = unverified_credential(text)
    if previous is None:
        previous = await previous_origin_urls(session)
    base = issuing_base(settings, credential, previous)
    row = await _our_record(session, settings, credential, base)
    numbers: set[int] = set()
    try:
        entries = read_status_list_entries(credential or {})
    except StatusListError:
        entries = []
    for entry in entries:
        parsed = parse_list_url(settings, entry.list_credential_url, base)
        if parsed is not None:
            numbers.add(parsed[1])
    lists = await trusted_lists(session, settings, numbers, base)
    keys = await database_key_resolver(session, settings, base)

    def run() -> VerificationReport:
        return verify_credential(text, keys, lists.get, now, paired_status=paired_entries)

    report = await anyio.to_thread.run_sync(run)
    steps = [_status_step(row, step) if step.name == "status" else step for step in report.steps]
    if report.credential_format is not None:
        steps.append(_record_step(settings, row, report.credential))
    final = VerificationReport(tuple(steps), report.credential_format, report.credential)
    status = _reported_status(row, final, now)
    return ServiceReport(final.ok, status, final.to_dict() | {"status": status})


def _reported_status(
    row: CredentialRow | None, report: VerificationReport, now: datetime
) -> str | None:
    if row is None:
        return None
    if row.status != CredentialStatus.ACTIVE:
        return row.status
    if not report.step("record").ok:
        return CredentialStatus.SUPERSEDED
    if has_expired(row.valid_until, now):
        return CredentialStatus.EXPIRED
    return CredentialStatus.ACTIVE
