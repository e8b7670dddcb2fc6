"""A learner's own DID: the id their future credentials name them by."""

from __future__ import annotations

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.holders.errors import NoHolderDid
from service.holders.schemas import HolderDid
from service.holders.services import holder_did, remove_holder_did, set_holder_did

DbSession = NamedDependency[AsyncSession]


class HolderDidController(Controller):
    path = "/me/did"
    tags = ["credentials"]
    opt = allow(Role.LEARNER)

    @get("/", summary="My DID (used as credentialSubject.id in credentials issued from now on)")
    async def show(self, db_session: DbSession, principal: NamedDependency[Principal]) -> HolderDid:
        did = await holder_did(db_session, principal.subject)
        if did is None:
            raise NoHolderDid()
        return HolderDid(did=did)

    @put("/", summary="Register or replace my DID (did:<method>:<id>, not resolved)")
    async def register(
        self,
        db_session: DbSession,
        principal: NamedDependency[Principal],
        data: JSONBody[HolderDid],
    ) -> HolderDid:
        return HolderDid(did=await set_holder_did(db_session, principal.subject, data.did))

    @delete("/", summary="Withdraw my DID (later credentials use an opaque URN again)")
    async def withdraw(self, db_session: DbSession, principal: NamedDependency[Principal]) -> None:
        if not await remove_holder_did(db_session, principal.subject):
            raise NoHolderDid()
