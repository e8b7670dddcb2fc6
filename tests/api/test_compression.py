"""Large responses are gzipped for clients that accept it; the answer-save route, whose
replies are always tiny, opts out of the compression middleware altogether
(`service.http.compression`)."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from service.http.compression import MINIMUM_SIZE, SMALL_RESPONSE
from tests.support.exam_setup import build_exam, start_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
SAVE_PATH = "/attempts/{attempt_id:uuid}/answers/{position:int}"


async def test_a_large_response_is_gzipped_and_a_save_is_not(
    client: Client, auth_header: Headers
) -> None:
    exam = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="gzip-learner")
    attempt = await start_attempt(client, exam.exam_id, learner)
    accepts_gzip = {**learner, "Accept-Encoding": "gzip"}

    view = await client.get(f"/attempts/{attempt['id']}", headers=accepts_gzip)
    assert view.status_code == 200, view.text
    assert view.headers["content-encoding"] == "gzip"
    assert len(view.content) >= MINIMUM_SIZE
    assert view.json()["id"] == attempt["id"]

    item = attempt["items"][0]
    saved = await client.put(
        f"/attempts/{attempt['id']}/answers/{item['position']}",
        json={"chosen": [item["options"][0]["id"]]},
        headers=accepts_gzip,
    )
    assert saved.status_code == 200, saved.text
    assert "content-encoding" not in saved.headers
    assert saved.json()["chosen"] == [item["options"][0]["id"]]


def test_only_the_answer_save_route_opts_out(client: Client) -> None:
    opted_out = {
        route.path
        for route in client.app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        if handler.opt.get(SMALL_RESPONSE)
    }
    assert opted_out == {SAVE_PATH}
    config = client.app.compression_config
    assert config is not None and config.exclude_opt_key == SMALL_RESPONSE
