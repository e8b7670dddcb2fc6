"""Verdicts for what the public pages show: a stored credential version, or a dropped file.

Both run the same verification (``verify_payload``; the page through its per-state cache)
and explain the result with ``service.public.verdict.explain``, so the credential page, its
PDF and share image, and the verify-a-file page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from credentials import format_datetime
from service.credentials.urls import credential_url, public_id_from_url
from service.credentials.verifying import ServiceReport, unverified_credential
from service.keys.documents import issuer_profile
from service.origins.placing import issuing_base
from service.origins.store import previous_origin_urls
from service.public import credential_facts as facts
from service.public import store
from service.public.page_verification import page_report
from service.public.shown import ShownVersion
from service.public.store import PublicCredential
from service.public.verdict import Context, PlainVerdict, explain
from service.settings import Settings


async def version_verdict(
    session: AsyncSession, settings: Settings, shown: ShownVersion, now: datetime
) -> PlainVerdict:
    credential = shown.credential
    report = await page_report(session, settings, credential, shown.shown, now)
    context = Context(
        holder=facts.holder_name(shown.document) or credential.holder_name,
        achievement=facts.achievement_name(shown.document) or shown.certification.name,
        issuer=facts.issuer_name(shown.document) or issuer_profile(settings).name,
        issuer_email=issuer_profile(settings).email,
        valid_from=shown.valid_from,
        valid_until=shown.valid_until,
        status_reason=credential.status_reason,
        status_changed_at=credential.status_changed_at,
        superseded_at=shown.superseded_at,
        version=shown.version,
        current_url=None if shown.is_current else credential_url(settings, credential.public_id),
    )
    return explain(report, context)


@dataclass(frozen=True)
class FileVerdict:
    verdict: PlainVerdict
    report: ServiceReport
    claims: dict[str, str]
    """What the file says (achievement, holder, issuer, dates), shown beside the verdict."""
    page_url: str | None


async def _record(
    session: AsyncSession, settings: Settings, credential: dict[str, Any]
) -> PublicCredential | None:
    identifier = credential.get("id")
    base = issuing_base(settings, credential, await previous_origin_urls(session))
    public_id = (
        public_id_from_url(settings, identifier, base) if isinstance(identifier, str) else None
    )
    if public_id is None:
        return None
    return await store.find_credential(session, public_id)


def _claims(credential: dict[str, Any]) -> dict[str, str]:
    claims = {
        "Achievement": facts.achievement_name(credential),
        "Awarded to": facts.holder_name(credential),
        "Issuer": facts.issuer_name(credential),
    }
    valid_from = facts.datetime_field(credential, "validFrom")
    valid_until = facts.datetime_field(credential, "validUntil")
    dated = {
        "Valid from": format_datetime(valid_from) if valid_from else None,
        "Valid until": format_datetime(valid_until) if valid_until else None,
    }
    return {k: v for k, v in (claims | dated).items() if v}


async def file_verdict(
    session: AsyncSession, settings: Settings, text: str, report: ServiceReport
) -> FileVerdict:
    credential = unverified_credential(text) or {}
    row = await _record(session, settings, credential)
    valid_from = facts.datetime_field(credential, "validFrom")
    version = (
        await store.version_valid_from(session, row, valid_from)
        if row is not None and valid_from is not None
        else None
    )
    page_url = credential_url(settings, row.public_id) if row is not None else None
    context = Context(
        holder=facts.holder_name(credential),
        achievement=facts.achievement_name(credential),
        issuer=facts.issuer_name(credential),
        issuer_email=issuer_profile(settings).email,
        valid_from=valid_from,
        valid_until=facts.datetime_field(credential, "validUntil"),
        status_reason=row.status_reason if row is not None else None,
        status_changed_at=row.status_changed_at if row is not None else None,
        superseded_at=version.superseded_at if version is not None else None,
        version=version.version if version is not None else None,
        current_url=page_url,
    )
    verdict = explain(report, context)
    return FileVerdict(verdict, report, _claims(credential), page_url)
