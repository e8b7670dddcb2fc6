"""Path and query parameters with the limits of the columns they are compared with or stored in.

One alias per kind of parameter keeps the limits in one place and the handler signatures short.
Integers stay within 32 bits (every integer column); texts within their column sizes, so an
over-long id is a 400 naming the parameter on both databases, never a database error.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from service.wire import INT32_MAX, ITEM_ID_LENGTH, NAME_LENGTH, PUBLIC_ID_LENGTH

FORMAT_SUFFIX_LENGTH = len(".json")
"""A credential URL may end in ``.json`` or ``.jwt`` to pick the format."""

CredentialIdPath = Annotated[str, PathParameter(max_length=PUBLIC_ID_LENGTH + FORMAT_SUFFIX_LENGTH)]
KeyIdPath = Annotated[str, PathParameter(max_length=PUBLIC_ID_LENGTH)]
LearnerIdPath = Annotated[str, PathParameter(max_length=NAME_LENGTH)]
ExternalIdPath = Annotated[str, PathParameter(max_length=ITEM_ID_LENGTH)]
PurposePath = Annotated[str, PathParameter(max_length=20)]
StatusListNumberPath = Annotated[int, PathParameter(ge=0, le=INT32_MAX)]
PositionPath = Annotated[int, PathParameter(ge=1, le=INT32_MAX)]
Offset = Annotated[int, QueryParameter(ge=0, le=INT32_MAX)]
Version = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX)]
