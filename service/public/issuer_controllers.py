"""The issuer's public documents: profile, keys, JWKS, status lists, achievements.

Profile, keys, JWKS and status lists are built under the base the request's ``Host`` names
(`service.origins.serving`): the current public base URL, or a previous origin recorded by
``accredo issuer move``, whose credentials must find documents naming the URLs they signed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
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
from service.credentials import store
from service.credentials.document import achievement
from service.credentials.errors import CertificationGone, StatusListNotFound
from service.keys.documents import issuer_document, issuer_profile, jwks, key_document
from service.keys.errors import KeyNotFound
from service.keys.urls import ISSUER_IMAGE_PATH, JWKS_PATH, key_url
from service.origins.serving import served_base
from service.path_params import KeyIdPath, PurposePath, StatusListNumberPath
from service.public import cached_reads
from service.public.cached_reads import published_key, published_keys
from service.public.caching import DOCUMENT_CACHE, conditional
from service.public.negotiation import JSON_LD, file_response, json_ld, wants_json
from service.public.renders import cached, certification_badge
from service.public.snapshot import Encoded, snapshot_of
from service.public.store import badge_certification
from service.request_state import clock_of, settings_of
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]


class IssuerController(Controller):
    tags = ["public"]
    opt = public()

    @get("/issuer", summary="The issuer profile (JSON-LD for machines, HTML for people)")
    async def issuer(
        self,
        request: Request[Any, Any, Any],
        settings: NamedDependency[Settings],
        format: FromQuery[str | None] = None,
    ) -> Response[Any] | Template:
        keys = await published_keys(snapshot_of(request.app), request.app.state["engine"])
        base = await served_base(request)
        if wants_json(request, format):
            encoded = Encoded.of(msgspec.json.encode(issuer_document(settings, keys, base)))
            headers = {"Cache-Control": DOCUMENT_CACHE, "Vary": "Accept"}
            return conditional(request, encoded, JSON_LD, headers)
        return Template(
            "issuer.html.j2",
            context={
                "issuer": issuer_profile(settings, base),
                "keys": [
                    {
                        "url": key_url(settings, k.key_id, base),
                        "algorithm": k.algorithm,
                        "state": k.state,
                    }
                    for k in keys
                ],
                "jwks_url": settings.absolute_url(JWKS_PATH, base=base),
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
        self,
        request: Request[Any, Any, Any],
        settings: NamedDependency[Settings],
        key_id: KeyIdPath,
    ) -> Response[bytes]:
        engine = request.app.state["engine"]
        row = await published_key(snapshot_of(request.app), engine, key_id)
        if row is None:
            raise KeyNotFound(key_id)
        document, media_type = key_document(settings, row, await served_base(request))
        encoded = Encoded.of(msgspec.json.encode(document))
        return conditional(request, encoded, media_type, {"Cache-Control": DOCUMENT_CACHE})

    @get(JWKS_PATH, summary="The issuer's P-256 keys (VC-JWT) as a JWKS")
    async def jwks(
        self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        keys = await published_keys(snapshot_of(request.app), request.app.state["engine"])
        base = await served_base(request)
        encoded = Encoded.of(msgspec.json.encode(jwks(settings, keys, base)))
        return conditional(request, encoded, "application/json", {"Cache-Control": DOCUMENT_CACHE})

    @get("/status-lists/{purpose:str}/{number:int}", summary="A signed Bitstring Status List")
    async def status_list(
        self, request: Request[Any, Any, Any], purpose: PurposePath, number: StatusListNumberPath
    ) -> Response[bytes]:
        settings, now = settings_of(request), clock_of(request).now()
        snapshot, engine = snapshot_of(request.app), request.app.state["engine"]
        base = await served_base(request)
        found = await cached_reads.status_list(
            snapshot, engine, settings, purpose, number, now, base
        )
        if found is None:
            raise StatusListNotFound(purpose, number)
        document, encoded = found
        headers = {"Cache-Control": f"public, max-age={cache_seconds(document, now)}"}
        return conditional(request, encoded, "application/vc+ld+json", headers)


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
