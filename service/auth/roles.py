"""Roles and the per-route access declaration.

Every route handler carries ``opt={"access": Access(...)}``: either public (an explicit, reviewed
choice) or a set of roles. The app-wide guard refuses any route that declares neither, so a
forgotten declaration fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    ADMIN = "admin"
    AUTHOR = "author"
    LEARNER = "learner"


ACCESS_OPT = "access"


@dataclass(frozen=True)
class Access:
    public: bool
    roles: frozenset[Role]

    def allows(self, roles: frozenset[Role]) -> bool:
        return self.public or bool(self.roles & roles)


def public() -> dict[str, Any]:
    """Route option for a route anyone may call without a token."""
    return {ACCESS_OPT: Access(public=True, roles=frozenset())}


def allow(*roles: Role) -> dict[str, Any]:
    """Route option for a route callable by holders of any of ``roles``."""
    if not roles:
        raise ValueError("allow() needs at least one role; use public() for open routes")
    return {ACCESS_OPT: Access(public=False, roles=frozenset(roles))}
