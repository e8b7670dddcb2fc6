"""Public credential routes: the page (HTML or JSON-LD), VC-JWT, baked badges, PDF, share
image, and verification (``GET /verify`` is the verify-a-file page, ``POST /verify`` answers
JSON, or HTML to a browser's form). Nothing here needs a login and nothing private is shown.

Every file route takes ``?version=N``: a renewed credential's earlier version keeps its own
page and files (see ``service.public.shown``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import page_counts
from service.auth.roles import public
from service.clock import Clock
from service.credentials.urls import credential_url
from service.credentials.verifying import unwrap, verify_payload
from service.errors import Invalid
from service.path_params import CredentialIdPath
from service.public import renders
from service.public.cached_reads import page_key, rendered_page, shown_version, signed_bytes
from service.public.caching import CURRENT_DOCUMENT, IMMUTABLE, PAGE, conditional
from service.public.negotiation import (
    JSON_LD,
    STATUS_DEPENDENT,
    file_response,
    wants_html,
    wants_json,
)
from service.public.page import credential_page, render_template
from service.public.shown import MAX_VERSION, ShownVersion, load_version
from service.public.snapshot import snapshot_of
from service.public.stamps import stamp_for
from service.public.verdicts import file_verdict, version_verdict
from service.public.verify_input import verify_input
from service.request_screen import refuse_deep_credential
from service.request_state import clock_of, settings_of
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]
Version = Annotated[
    int | None,
    QueryParameter(ge=1, le=MAX_VERSION, description="An earlier version's number"),
]
JWT_SUFFIX = ".jwt"
JSON_SUFFIX = ".json"


def _filename(shown: ShownVersion, extension: str) -> str:
    suffix = "" if shown.is_current else f"-v{shown.version}"
    return f"{shown.public_id}{suffix}.{extension}"


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
        credential_id: CredentialIdPath,
        version: Version = None,
        format: FromQuery[Literal["json", "jwt", "html"] | None] = None,
    ) -> Response[bytes]:
        """Answered from the process's snapshot (``service.public.snapshot``): the signed
        bytes of a version are encoded once, the page rendered once per state. The settings
        and clock are read, not declared (see `service.request_state`)."""
        if credential_id.endswith(JWT_SUFFIX):
            credential_id, format = credential_id[: -len(JWT_SUFFIX)], "jwt"
        elif credential_id.endswith(JSON_SUFFIX):
            credential_id, format = credential_id[: -len(JSON_SUFFIX)], "json"
        snapshot, engine = snapshot_of(request.app), request.app.state["engine"]
        shown = await shown_version(snapshot, engine, credential_id, version)
        signed_cache = IMMUTABLE if version is not None else CURRENT_DOCUMENT
        if format == "jwt":
            headers = {"Vary": "Accept", "Cache-Control": signed_cache}
            jwt = signed_bytes(snapshot, shown).jwt
            return conditional(request, jwt, "application/vc+jwt", headers)
        if wants_json(request, format):
            headers = {"Vary": "Accept", "Cache-Control": signed_cache}
            return conditional(request, signed_bytes(snapshot, shown).json, JSON_LD, headers)
        settings, now = settings_of(request), clock_of(request).now()
        page_counts.count(request.app, shown.certification.id, now, "view")

        async def render(session: AsyncSession) -> str:
            verdict = await version_verdict(session, settings, shown, now)
            url = credential_url(settings, shown.public_id)
            page = credential_page(settings, shown, verdict, await renders.qr_svg(url))
            return render_template(request, "credential.html.j2", page=page)

        pinned = None if shown.is_current else shown.version
        page = await rendered_page(snapshot, engine, page_key(shown, pinned, now), render)
        headers = {"Vary": "Accept", "Cache-Control": PAGE}
        return conditional(request, page, MediaType.HTML, headers)

    @get("/{credential_id:str}/badge.png", summary="The badge PNG with the credential baked in")
    async def badge_png(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        credential_id: CredentialIdPath,
        version: Version = None,
    ) -> Response[bytes]:
        shown = await load_version(db_session, credential_id, version)
        rendered = await renders.baked_png(shown)
        return file_response(request, rendered, "image/png", _filename(shown, "png"))

    @get("/{credential_id:str}/badge.svg", summary="The badge SVG with the credential baked in")
    async def badge_svg(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        credential_id: CredentialIdPath,
        version: Version = None,
    ) -> Response[bytes]:
        shown = await load_version(db_session, credential_id, version)
        rendered = await renders.baked_svg(shown)
        return file_response(request, rendered, "image/svg+xml", _filename(shown, "svg"))

    @get(
        "/{credential_id:str}/certificate.pdf",
        summary="Printable PDF certificate, stamped when the credential is not valid",
    )
    async def certificate(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        credential_id: CredentialIdPath,
        size: FromQuery[Literal["a4", "letter"]] = "a4",
        version: Version = None,
    ) -> Response[bytes]:
        shown = await load_version(db_session, credential_id, version)
        verdict = await version_verdict(db_session, settings, shown, clock.now())
        url = credential_url(settings, shown.public_id)
        page_size: Literal["A4", "LETTER"] = "A4" if size == "a4" else "LETTER"
        rendered = await renders.certificate_pdf(
            settings, shown, url, page_size, stamp_for(verdict)
        )
        return file_response(
            request, rendered, "application/pdf", _filename(shown, "pdf"), STATUS_DEPENDENT
        )

    @get(
        "/{credential_id:str}/share.png",
        summary="The 1200x627 share (Open Graph) image, stamped when the credential is not valid",
    )
    async def share(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        credential_id: CredentialIdPath,
        version: Version = None,
    ) -> Response[bytes]:
        shown = await load_version(db_session, credential_id, version)
        verdict = await version_verdict(db_session, settings, shown, clock.now())
        rendered = await renders.share_png(settings, shown, stamp_for(verdict))
        return file_response(request, rendered, "image/png", cache_control=STATUS_DEPENDENT)


class VerifyController(Controller):
    tags = ["public"]
    opt = public()

    @get(
        "/verify",
        summary="The verify-a-file page: choose or drop a credential (PNG, SVG, JSON, JWT)",
        media_type=MediaType.HTML,
    )
    async def verify_page(self) -> Template:
        return Template("verify.html.j2", context={"result": None, "problem": None})

    @post(
        "/verify",
        status_code=200,
        summary="Verify a credential JSON, VC-JWT, or baked PNG/SVG (raw body or multipart "
        "`file`); answers JSON, or the verify-a-file page when the client asks for HTML",
    )
    async def verify(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> Response[dict[str, Any]] | Template:
        html = wants_html(request)
        try:
            payload, field = await verify_input(request)
            text = unwrap(payload, field)
            refuse_deep_credential(text, field)
        except Invalid as problem:
            if not html:
                raise
            context = {"result": None, "problem": problem}
            return Template("verify.html.j2", context=context, status_code=422)
        result = await verify_payload(db_session, settings, text, clock.now())
        if not html:
            return Response(result.report)
        checked = await file_verdict(db_session, settings, text, result)
        return Template("verify.html.j2", context={"result": checked, "problem": None})
