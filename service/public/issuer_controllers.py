"""The issuer's public documents: profile, keys, JWKS, status lists, achievements."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from credentials import achievement_document
from credentials.presentation import render_issuer_logo_png
from credentials.proofs import OB_V3P0_CONTEXT, VC_V2_CONTEXT
from credentials.status import cache_seconds
from service.auth.roles import public
from service.clock import Clock
from service.credentials import store
from service.credentials.document import achievement
from service.credentials.errors import CertificationGone, StatusListNotFound
from service.credentials.status_lists import signed_list
from service.keys.documents import issuer_document, issuer_profile, jwks, key_document
from service.keys.errors import KeyNotFound
from service.keys.store import all_keys, key_by_id
from service.keys.urls import ISSUER_IMAGE_PATH, JWKS_PATH, key_url
from service.path_params import KeyIdPath, PurposePath, StatusListNumberPath
from service.public.negotiation import file_response, json_ld, wants_json
from service.public.renders import cached, certification_badge
from service.public.store import badge_certification
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]
DOCUMENT_CACHE = "public, max-age=300"


class IssuerController(Controller):
    tags = ["public"]
    opt = public()

    @get("/issuer", summary="The issuer profile (JSON-LD for machines, HTML for people)")
    async def issuer(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        format: FromQuery[str | None] = None,
    ) -> Response[Any] | Template:
        keys = await all_keys(db_session)
        if wants_json(request, format):
            return json_ld(issuer_document(settings, keys), {"Cache-Control": DOCUMENT_CACHE})
        return Template(
            "issuer.html.j2",
            context={
                "issuer": issuer_profile(settings),
                "keys": [
                    {"url": key_url(settings, k.key_id), "algorithm": k.algorithm, "state": k.state}
                    for k in keys
                ],
                "jwks_url": settings.absolute_url(JWKS_PATH),
            },
            headers={"Vary": "Accept"},
        )

    @get(ISSUER_IMAGE_PATH, summary="The issuer's generated logo (PNG)")
    async def issuer_image(
        self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        name = settings.issuer_name
        rendered = await cached(("issuer-logo", name), lambda: render_issuer_logo_png(name))
        return file_response(request, rendered, "image/png")

    @get(
        "/keys/{key_id:str}",
        summary="One issuer key: a Multikey document (Ed25519) or a bare public JWK (P-256)",
    )
    async def key(
        self, db_session: DbSession, settings: NamedDependency[Settings], key_id: KeyIdPath
    ) -> Response[Any]:
        row = await key_by_id(db_session, key_id)
        if row is None:
            raise KeyNotFound(key_id)
        document, media_type = key_document(settings, row)
        return Response(document, media_type=media_type, headers={"Cache-Control": DOCUMENT_CACHE})

    @get(JWKS_PATH, summary="The issuer's P-256 keys (VC-JWT) as a JWKS")
    async def jwks(
        self, db_session: DbSession, settings: NamedDependency[Settings]
    ) -> Response[Any]:
        document = jwks(settings, await all_keys(db_session))
        return Response(document, headers={"Cache-Control": DOCUMENT_CACHE})

    @get("/status-lists/{purpose:str}/{number:int}", summary="A signed Bitstring Status List")
    async def status_list(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        purpose: PurposePath,
        number: StatusListNumberPath,
    ) -> Response[Any]:
        now = clock.now()
        document = await signed_list(db_session, settings, purpose, number, now)
        if document is None:
            raise StatusListNotFound(purpose, number)
        max_age = cache_seconds(document, now)
        return Response(
            document,
            media_type="application/vc+ld+json",
            headers={"Cache-Control": f"public, max-age={max_age}"},
        )


class AchievementController(Controller):
    path = "/achievements"
    tags = ["public"]
    opt = public()

    @get("/{certification_id:uuid}", summary="An achievement (certification) as JSON-LD")
    async def achievement(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        certification_id: FromPath[UUID],
    ) -> Response[Any]:
        certification = await store.load_certification(db_session, certification_id)
        if certification is None:
            raise CertificationGone(certification_id)
        result = await store.achievement_result(db_session, certification_id)
        document = achievement_document(achievement(settings, certification, result))
        return json_ld({"@context": [VC_V2_CONTEXT, OB_V3P0_CONTEXT], **document})

    @get("/{certification_id:uuid}/image.png", summary="The achievement's badge image")
    async def image(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        certification_id: FromPath[UUID],
    ) -> Response[bytes]:
        certification = await badge_certification(db_session, certification_id)
        return file_response(request, await certification_badge(certification), "image/png")
