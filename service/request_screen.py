"""The door every request passes before its handler: limits that hold for all routes alike.

Registered as the app's ``before_request`` hook, it runs after the access guard and before
Litestar decodes anything into handler arguments, and refuses with a problem naming the field:

* a JSON body nested deeper than ``MAX_JSON_DEPTH`` (checked on the raw bytes, before any
  recursive decoder sees it: a 100,000-deep array would otherwise exhaust the stack);
* NUL characters and unpaired surrogates in any string of a JSON body, path or query: neither
  can be stored in PostgreSQL text, and neither is ever meaningful in this API;
* integers in the path outside the 32-bit range every integer column has;
* a JSON body that does not match its schema: every problem at once (msgspec itself stops at
  the first), so a client fixing a request sees the whole list. A route may name the rules
  its use case checks beyond the schema (``opt["body_checks"]``, a function of the body and
  the settings); they join the same list, so schema and rule problems arrive in one 422.

A valid body costs one extra ``convert`` and a walk over its strings; only an invalid one is
taken apart field by field.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import SerializationException
from litestar.params import BodyKwarg

from service.errors import Problem
from service.request_errors import BodyNotJson, BodyRejected, JsonTooDeep, ParametersRejected
from service.wire import INT32_MAX, MAX_JSON_DEPTH, character_problem

_JSON_TOKENS = re.compile(rb'([\[{])|([\]}])|"[^"\\]*(?:\\.[^"\\]*)*"')
_AT_PATH = re.compile(r" - at `\$(.*)`$")


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text opens more than ``limit`` arrays or objects inside each other.

    Brackets inside strings do not count. Most bodies hold fewer brackets than the limit in
    all, which two ``count`` calls show without scanning token by token.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for match in _JSON_TOKENS.finditer(body):
        if match.lastindex == 1:
            depth += 1
            if depth > limit:
                return True
        elif match.lastindex == 2:
            depth -= 1
    return False


def refuse_deep_json(data: bytes, field: str = "body") -> None:
    """Raise `JsonTooDeep` naming ``field`` when ``data`` nests deeper than ``MAX_JSON_DEPTH``."""
    if json_too_deep(data):
        raise JsonTooDeep(field)


def refuse_deep_credential(text: str, field: str) -> None:
    """The depth rule for a credential given to ``/verify``: JSON, or the JSON inside a JWS.

    Verification hands the text to decoders (``json``, PyJWT) that recurse, so the depth is
    checked on the JSON itself and on each base64url segment of a compact JWS.
    """
    refuse_deep_json(text.encode("utf-8", "surrogatepass"), field)
    for segment in text.split(".")[:2]:
        try:
            decoded = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        except (binascii.Error, ValueError):
            continue
        refuse_deep_json(decoded, field)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def text_problems(value: Any, path: str = "") -> Iterator[Problem]:
    """Every string (key or value) in a decoded JSON value that breaks the character rule."""
    if isinstance(value, str):
        reason = character_problem(value)
        if reason is not None:
            yield Problem(reason, field=path or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            child = _join(path, str(key))
            if isinstance(key, str) and (reason := character_problem(key)) is not None:
                yield Problem(f"field name {reason}", field=child)
            yield from text_problems(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_problems(item, f"{path}[{index}]")


def _struct_type(annotation: Any) -> type[msgspec.Struct] | None:
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return annotation
    return None


def _conversion_problem(error: msgspec.ValidationError, field: str) -> Problem:
    message = str(error)
    at = _AT_PATH.search(message)
    if at is None:
        return Problem(message, field=field or "body")
    inner = at.group(1)
    where = f"{field}{inner}" if field else inner.lstrip(".")
    return Problem(message[: at.start()], field=where or "body")


def schema_problems(value: Any, target: Any, path: str = "") -> list[Problem]:
    """Every way ``value`` fails to convert to ``target``, one problem per field.

    Structs are checked field by field (and nested structs recursively); anything else is
    converted whole, which reports its first problem with its position.
    """
    struct = _struct_type(target)
    if struct is None or not isinstance(value, dict):
        try:
            msgspec.convert(value, target, strict=False, str_keys=True)
        except msgspec.ValidationError as error:
            return [_conversion_problem(error, path)]
        return []
    problems: list[Problem] = []
    fields = {field.encode_name: field for field in msgspec.structs.fields(struct)}
    for key in value:
        if key not in fields:
            problems.append(Problem("unknown field", field=_join(path, str(key))))
    for name, field in fields.items():
        child = _join(path, name)
        if name not in value:
            if field.required:
                problems.append(Problem("required", field=child))
            continue
        problems.extend(schema_problems(value[name], _optional_struct(field.type), child))
    return problems


def _optional_struct(annotation: Any) -> Any:
    """``Struct | None`` as ``Struct`` when the value is present and not null (a dict)."""
    arguments = getattr(annotation, "__args__", ())
    structs = [argument for argument in arguments if _struct_type(argument) is not None]
    if len(structs) == 1 and type(None) in arguments:
        return structs[0]
    return annotation


def _parameter_problems(request: Request[Any, Any, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for name, value in request.path_params.items():
        if isinstance(value, str) and (reason := character_problem(value)) is not None:
            problems.append(Problem(reason, field=name))
        elif isinstance(value, int) and not -INT32_MAX <= value <= INT32_MAX:
            problems.append(Problem(f"must be at most {INT32_MAX}", field=name))
    for name, value in request.query_params.multi_items():
        if (reason := character_problem(name) or character_problem(value)) is not None:
            problems.append(Problem(reason, field=name))
    return problems


def _json_body_type(request: Request[Any, Any, Any]) -> Any | None:
    """The declared type of the route's JSON ``data`` argument, if it has one."""
    data_field = request.route_handler.parsed_data_field
    if data_field is None:
        return None
    kwarg = data_field.kwarg_definition
    if isinstance(kwarg, BodyKwarg) and kwarg.media_type != RequestEncodingType.JSON:
        return None
    return data_field.annotation


async def _body_problems(request: Request[Any, Any, Any], target: Any) -> list[Problem]:
    body = await request.body()
    if not body:
        return []
    refuse_deep_json(body)
    try:
        value = await request.json()
    except SerializationException as error:
        raise BodyNotJson(str(error.detail)) from error
    problems = list(text_problems(value))
    try:
        msgspec.convert(value, target, strict=False, str_keys=True)
    except msgspec.ValidationError:
        problems += schema_problems(value, target)
        problems += _rule_problems(request, value, problems)
    return problems


def _rule_problems(
    request: Request[Any, Any, Any], value: Any, schema: list[Problem]
) -> list[Problem]:
    """The route's own rules over a body whose schema failed, minus what the schema named."""
    checks = request.route_handler.opt.get("body_checks")
    if checks is None or not isinstance(value, dict):
        return []
    named = {problem.field for problem in schema}
    return [
        problem
        for problem in checks(value, request.app.state.settings)
        if problem.field not in named
    ]


async def screen_request(request: Request[Any, Any, Any]) -> None:
    """Refuse a request that breaks a limit, naming every field at fault."""
    problems = _parameter_problems(request)
    if problems:
        raise ParametersRejected(problems)
    target = _json_body_type(request)
    if target is None:
        return
    problems = await _body_problems(request, target)
    if problems:
        raise BodyRejected(problems)
