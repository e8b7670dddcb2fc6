"""One unit for shares across the API: fractions 0-1 (cutScore like recallCap and passBand)."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from tests.support.exam_setup import answer_all, build_exam, exam_spec

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def test_cut_score_is_a_fraction_like_every_other_share(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    exam = (await client.get(f"/exams/{setup.exam_id}", headers=setup.admin)).json()
    assert (exam["cutScore"], exam["recallCap"], exam["masteryThreshold"]) == (0.7, 0.2, 0.7)
    as_percent = exam_spec(setup.certification_id, setup.bank_id, name="percent", cutScore=70)
    refused = await client.post("/exams", json=as_percent, headers=setup.admin)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["cutScore"]
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    await answer_all(client, attempt, learner, correct=True)
    result = (await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)).json()[
        "result"
    ]
    assert result["score"] == result["percent"] / 100 == 1.0
    assert result["cutScore"] == 0.7 and result["passed"] is True
    listed = (await client.get("/exams", headers=learner)).json()["items"]
    assert listed[0]["cutScore"] == 0.7
