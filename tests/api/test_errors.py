"""One problem-details shape for every error, and no trace ever reaches a client."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Litestar, get, post
from litestar.testing import AsyncTestClient

from service.auth.roles import Role, allow, public
from service.errors import EXCEPTION_HANDLERS, Invalid, Problem
from service.wire import WireModel


class Payload(WireModel):
    display_name: str
    count: int


@post("/echo", opt=public())
async def echo(data: Payload) -> Payload:
    return data


@get("/boom", opt=public())
async def boom() -> None:
    raise RuntimeError("secret internal detail /srv/app/db.py line 3")


@get("/invalid", opt=public())
async def invalid() -> None:
    raise Invalid(
        "the file has 2 problems",
        problems=[
            Problem(message="unknown kind 'recal'", item="Q1", line=4, field="kind"),
            Problem(message="stem is empty", item="Q2", line=9, field="stem"),
        ],
    )


def _error_app() -> Litestar:
    return Litestar([echo, boom, invalid], exception_handlers=EXCEPTION_HANDLERS, debug=False)


async def test_unknown_json_fields_are_rejected_with_every_problem() -> None:
    async with AsyncTestClient(app=_error_app()) as client:
        response = await client.post("/echo", json={"displayName": "a", "count": 1, "colour": 1})
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert body["type"] == "urn:accredo:problem:invalid-request"
        assert any("colour" in error["message"] for error in body["errors"])
        ok = await client.post("/echo", json={"displayName": "a", "count": 1})
        assert ok.json() == {"displayName": "a", "count": 1}


async def test_unexpected_errors_hide_the_trace() -> None:
    async with AsyncTestClient(app=_error_app()) as client:
        response = await client.get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["title"] == "Internal server error"
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert len(body["reference"]) == 32


async def test_validation_problems_carry_item_line_and_field() -> None:
    async with AsyncTestClient(app=_error_app()) as client:
        response = await client.get("/invalid")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"message": "unknown kind 'recal'", "item": "Q1", "line": 4, "field": "kind"},
        {"message": "stem is empty", "item": "Q2", "line": 9, "field": "stem"},
    ]


async def test_not_found_and_auth_errors_are_problems(
    client: AsyncTestClient[Litestar], auth_header: Callable[..., dict[str, str]]
) -> None:
    missing = await client.get("/no-such-route")
    assert missing.status_code == 404
    assert missing.json()["status"] == 404
    unauthenticated = await client.get("/me")
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["www-authenticate"].startswith("Bearer")
    me = await client.get("/me", headers=auth_header(Role.LEARNER, subject="l-1", name="Lea"))
    assert me.json() == {
        "subject": "l-1",
        "roles": ["learner"],
        "name": "Lea",
        "email": None,
        "account": None,
    }


async def test_a_route_without_an_access_rule_is_closed() -> None:
    @get("/forgotten")
    async def forgotten() -> str:
        return "should never be served"

    from service.auth.guards import access_guard

    app = Litestar([forgotten], guards=[access_guard], exception_handlers=EXCEPTION_HANDLERS)
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/forgotten")
    assert response.status_code == 403
    assert allow(Role.ADMIN) != public()
