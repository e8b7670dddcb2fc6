"""Public credential routes: the page (HTML or JSON-LD), VC-JWT, baked badges, PDF, share
image, and the verify endpoint. Nothing here needs a login and nothing private is shown."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import public
from service.credentials.queries import versions
from service.credentials.status_changes import get_credential
from service.credentials.urls import credential_url
from service.credentials.verifying import unwrap, verify_payload
from service.db.models import CertificationRow, CredentialRow
from service.errors import NotFound
from service.path_params import CredentialIdPath, Version
from service.public import renders
from service.public.negotiation import file_response, json_ld, wants_json
from service.public.page import credential_page
from service.public.page_verification import page_report
from service.public.verify_input import verify_input
from service.request_screen import refuse_deep_credential
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]
JWT_SUFFIX = ".jwt"
JSON_SUFFIX = ".json"


async def _load(session: AsyncSession, public_id: str) -> tuple[CredentialRow, CertificationRow]:
    row = await get_credential(session, public_id)
    certification = await session.get(CertificationRow, row.certification_id)
    if certification is None:
        raise NotFound(f"no credential {public_id!r}")
    return row, certification


class PublicCredentialController(Controller):
    path = "/credentials"
    tags = ["public"]
    opt = public()

    @get(
        "/{credential_id:str}",
        summary="A credential: HTML for people, JSON-LD for machines; `<id>.jwt` is the VC-JWT",
    )
    async def show(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        credential_id: CredentialIdPath,
        format: FromQuery[Literal["json", "jwt", "html"] | None] = None,
        version: Version = None,
    ) -> Response[Any] | Template:
        if credential_id.endswith(JWT_SUFFIX):
            credential_id, format = credential_id[: -len(JWT_SUFFIX)], "jwt"
        elif credential_id.endswith(JSON_SUFFIX):
            credential_id, format = credential_id[: -len(JSON_SUFFIX)], "json"
        row, certification = await _load(db_session, credential_id)
        document, token, valid_from, valid_until = (
            row.document,
            row.vc_jwt,
            row.valid_from,
            row.valid_until,
        )
        shown_version = row.version
        if version is not None and version != row.version:
            old = next((v for v in await versions(db_session, row) if v.version == version), None)
            if old is None:
                raise NotFound(f"credential {credential_id!r} has no version {version}")
            document, token, valid_from, valid_until = (
                old.document,
                old.vc_jwt,
                old.valid_from,
                old.valid_until,
            )
            shown_version = version
        headers = {"Vary": "Accept", "Cache-Control": "no-cache"}
        if format == "jwt":
            return Response(token, media_type="application/vc+jwt", headers=headers)
        if wants_json(request, format):
            return json_ld(document, headers)
        now = datetime.now(UTC)
        report = await page_report(
            db_session, settings, row, (shown_version, document, valid_from, valid_until), now
        )
        url = credential_url(settings, row.public_id)
        page = credential_page(
            settings,
            row,
            certification,
            document,
            valid_from,
            valid_until,
            report,
            url,
            await renders.qr_svg(url),
            shown_version,
        )
        return Template("credential.html.j2", context={"page": page}, headers=headers)

    @get("/{credential_id:str}/badge.png", summary="The badge PNG with the credential baked in")
    async def badge_png(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        credential_id: CredentialIdPath,
    ) -> Response[bytes]:
        row, certification = await _load(db_session, credential_id)
        rendered = await renders.baked_png(row, certification)
        return file_response(request, rendered, "image/png", f"{credential_id}.png")

    @get("/{credential_id:str}/badge.svg", summary="The badge SVG with the credential baked in")
    async def badge_svg(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        credential_id: CredentialIdPath,
    ) -> Response[bytes]:
        row, certification = await _load(db_session, credential_id)
        rendered = await renders.baked_svg(row, certification)
        return file_response(request, rendered, "image/svg+xml", f"{credential_id}.svg")

    @get("/{credential_id:str}/certificate.pdf", summary="Printable PDF certificate")
    async def certificate(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        credential_id: CredentialIdPath,
        size: FromQuery[Literal["a4", "letter"]] = "a4",
    ) -> Response[bytes]:
        row, certification = await _load(db_session, credential_id)
        url = credential_url(settings, row.public_id)
        page_size: Literal["A4", "LETTER"] = "A4" if size == "a4" else "LETTER"
        rendered = await renders.certificate_pdf(settings, row, certification, url, page_size)
        return file_response(request, rendered, "application/pdf", f"{credential_id}.pdf")

    @get("/{credential_id:str}/share.png", summary="The 1200x627 share (Open Graph) image")
    async def share(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        credential_id: CredentialIdPath,
    ) -> Response[bytes]:
        row, certification = await _load(db_session, credential_id)
        rendered = await renders.share_png(settings, row, certification)
        return file_response(request, rendered, "image/png")


class VerifyController(Controller):
    tags = ["public"]
    opt = public()

    @post(
        "/verify",
        status_code=200,
        summary="Verify a credential JSON, VC-JWT, or baked PNG/SVG (raw body or multipart `file`)",
    )
    async def verify(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
    ) -> dict[str, Any]:
        payload, field = await verify_input(request)
        text = unwrap(payload, field)
        refuse_deep_credential(text, field)
        result = await verify_payload(db_session, settings, text, datetime.now(UTC))
        return result.report
