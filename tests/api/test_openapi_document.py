"""The served OpenAPI document tells the truth: who needs a token, which problems, which files."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import ACCESS_OPT, Access
from service.errors import PROBLEM_MEDIA_TYPE

Client = AsyncTestClient[Litestar]
METHODS = ("get", "put", "post", "delete", "patch")


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _declared_access(app: Litestar) -> dict[tuple[str, str], Access]:
    """Each documented route's access rule, as the guard enforces it."""
    declared = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not handler.resolve_include_in_schema():
                continue
            for method in handler.http_methods:
                declared[(str(method), route.path_format or "/")] = handler.opt[ACCESS_OPT]
    return declared


async def test_security_matches_each_routes_access_rule(app: Litestar, client: Client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    declared = _declared_access(app)
    operations = _operations(document)
    assert {(method, path) for method, path, _ in operations} == set(declared)
    for method, path, operation in operations:
        access = declared[(method, path)]
        if access.public:
            assert operation["security"] == [], (method, path)
            assert not {"401", "403"} & set(operation["responses"]), (method, path)
        else:
            assert operation["security"] == [{"bearer": []}], (method, path)
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
    public = {path for method, path, _ in operations if declared[(method, path)].public}
    assert {"/verify", "/credentials/{credential_id}", "/status-lists/{purpose}/{number}"} <= public


async def test_every_error_response_is_a_documented_problem(client: Client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    assert set(document["components"]["schemas"]["Problem"]["required"]) == {
        "type",
        "title",
        "status",
        "detail",
    }
    for method, path, operation in _operations(document):
        responses = operation["responses"]
        has_input = "requestBody" in operation or bool(operation.get("parameters"))
        if has_input:
            assert {"400", "422"} <= set(responses), (method, path)
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            assert "404" in responses, (method, path)
        if "requestBody" in operation:
            assert "413" in responses, (method, path)
        if method in {"POST", "PUT", "DELETE"} and operation["security"]:
            assert "409" in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                assert list(response["content"]) == [PROBLEM_MEDIA_TYPE], (method, path, status)
        assert operation["operationId"], (method, path)
    ids = [operation["operationId"] for _, _, operation in _operations(document)]
    assert len(ids) == len(set(ids))


async def test_file_routes_document_their_media_types(client: Client) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]

    def media(path: str, method: str = "get", status: str = "200") -> set[str]:
        return set(paths[path][method]["responses"][status]["content"])

    assert media("/credentials/{credential_id}/certificate.pdf") == {"application/pdf"}
    assert media("/credentials/{credential_id}/badge.png") == {"image/png"}
    assert media("/credentials/{credential_id}/share.png") == {"image/png"}
    assert media("/credentials/{credential_id}") == {
        "text/html",
        "application/ld+json",
        "application/vc+jwt",
    }
    assert media("/banks/{bank_id}/export") == {"application/yaml", "application/json"}
    assert media("/exams/{exam_id}/statistics.pdf") == {"application/pdf"}
    verify_body = set(paths["/verify"]["post"]["requestBody"]["content"])
    assert {"application/json", "image/png", "image/svg+xml", "multipart/form-data"} <= verify_body
    imports = paths["/banks/{bank_id}/imports"]["post"]["requestBody"]["content"]
    assert {"application/yaml", "text/csv"} <= set(imports)


async def test_request_limits_are_in_the_schema(client: Client) -> None:
    schemas = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]
    exam = next(s for name, s in schemas.items() if name.endswith("ExamCreate"))
    assert exam["properties"]["timeLimitMinutes"]["maximum"] == 1440
    assert exam["properties"]["name"]["maxLength"] == 200
    certification = next(s for n, s in schemas.items() if n.endswith("CertificationCreate"))
    validity = certification["properties"]["validityDays"]
    maxima = {s["maximum"] for s in [validity, *validity.get("oneOf", [])] if "maximum" in s}
    assert maxima == {36_500}


async def test_every_operation_has_a_unique_camel_case_id(client: Client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    ids = [operation.get("operationId") for _, _, operation in _operations(document)]
    assert all(
        isinstance(found, str) and re.fullmatch(r"[a-z]+[A-Za-z0-9]*", found) for found in ids
    )
    assert len(set(ids)) == len(ids)
    by_route = {(method, path): op["operationId"] for method, path, op in _operations(document)}
    assert by_route[("GET", "/banks")] == "listBanks"
    assert by_route[("GET", "/banks/{bank_id}")] == "getBanksByBankId"
