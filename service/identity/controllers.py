"""Who am I: lets an API client check its token before doing real work."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.identity.schemas import Me


class IdentityController(Controller):
    path = "/me"
    tags = ["identity"]

    @get("/", opt=allow(Role.ADMIN, Role.AUTHOR, Role.LEARNER), summary="The caller's identity")
    async def me(self, principal: NamedDependency[Principal]) -> Me:
        return Me(
            subject=principal.subject,
            roles=sorted(str(role) for role in principal.roles),
            name=principal.name,
            email=principal.email,
            account=principal.account,
        )
