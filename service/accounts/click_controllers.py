"""The LinkedIn buttons' click counter: the target of the buttons' ``ping`` attribute.

The buttons link straight to LinkedIn (no redirect through us, so they work and show where
they go); browsers that send hyperlink pings POST here as the link is followed. Only the
certification and the day are counted, never who clicked. Browsers that do not send pings
(Firefox by default) are not counted, so the number is a floor.
"""

from __future__ import annotations

from typing import Any, Literal

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import page_counts
from service.accounts.page_store import certification_of
from service.auth.roles import public
from service.clock import Clock
from service.path_params import CredentialIdPath

Target = Literal["add", "share"]


class LinkedInClickController(Controller):
    path = "/credentials"
    tags = ["public"]
    opt = public()

    @post(
        "/{credential_id:str}/linkedin-clicks/{target:str}",
        opt=public(),
        status_code=204,
        summary="Count one LinkedIn-button click (hyperlink ping; no personal data kept)",
    )
    async def click(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        credential_id: CredentialIdPath,
        target: FromPath[Target],
    ) -> None:
        certification_id = await certification_of(db_session, credential_id)
        kind: page_counts.Kind = "linkedin_add" if target == "add" else "linkedin_share"
        page_counts.count(request.app, certification_id, clock.now(), kind)
