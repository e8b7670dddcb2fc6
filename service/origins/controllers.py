"""``GET /admin/issuer/origins``: the previous public base URLs this server still answers for.

Read only: the move itself is an operator's act (``accredo issuer move``), made together with
a change of ``ACCREDO_PUBLIC_BASE_URL`` and DNS, none of which an API call can do.
"""

from __future__ import annotations

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import Role, allow
from service.origins.schemas import PreviousOriginView
from service.origins.store import origins_page
from service.pagination import Limit, LimitOffset, Page, page
from service.path_params import Offset


class IssuerOriginController(Controller):
    path = "/admin/issuer/origins"
    tags = ["credentials"]
    opt = allow(Role.ADMIN)

    @get("/", summary="Previous public base URLs (accredo issuer move), latest first")
    async def list_origins(
        self,
        db_session: NamedDependency[AsyncSession],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[PreviousOriginView]:
        bounds = LimitOffset(limit=limit, offset=offset)
        found, total = await origins_page(db_session, bounds)
        views = [msgspec.convert(o, PreviousOriginView, from_attributes=True) for o in found]
        return page(views, total, bounds)
