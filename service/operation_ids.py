"""Stable camelCase operation ids for every route, derived from its method and path.

Client generators name their functions after ``operationId``; Litestar's default
(``BanksBankIdItemsGet``) changes style between tools and reads backwards. Here the id is a
verb and the path's words: ``GET /banks`` is ``listBanks``, ``GET /banks/{bank_id}`` is
``getBanksByBankId``, ``POST /banks/{bank_id}/imports`` is ``postBanksByBankIdImports``.
Method and path together are unique, so the ids are; a handler may still set its own
``operation_id=`` and that wins. tests/api/test_openapi_document.py holds uniqueness.
"""

from __future__ import annotations

import re

from litestar.enums import HttpMethod
from litestar.handlers.http_handlers import HTTPRouteHandler
from litestar.types import Method
from litestar.types.internal_types import PathParameterDefinition

_WORD = re.compile(r"[A-Za-z0-9]+")
_VERBS = {"POST": "post", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}


def _words(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in _WORD.findall(text))


def operation_id(
    route_handler: HTTPRouteHandler,
    http_method: Method,
    path_components: list[str | PathParameterDefinition],
) -> str:
    parts: list[str] = []
    last_is_parameter = False
    for component in path_components:
        if isinstance(component, str):
            parts.append(_words(component))
            last_is_parameter = False
        else:
            parts.append("By" + _words(component.name.replace("_", " ")))
            last_is_parameter = True
    method = str(http_method.value if isinstance(http_method, HttpMethod) else http_method)
    if method == "GET":
        verb = "get" if last_is_parameter or not parts else "list"
    else:
        verb = _VERBS.get(method, method.lower())
    return verb + ("".join(parts) or "Root")
