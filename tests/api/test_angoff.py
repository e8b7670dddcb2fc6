"""Modified Angoff through the API on both databases: ratings by JSON and CSV, the cut and its
SE equal a hand computation, every problem named at once, adoption by admins only."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from service.db.engine import create_engine
from service.settings import Settings
from tests.support.statistics_fixtures import SeededExam, seed_exam, simulate

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
ITEMS = ["Q000", "Q001", "Q002", "Q003"]
RATINGS = {
    "p1": [0.6, 0.7, 0.5, 0.8],
    "p2": [0.5, 0.5, 0.6, 0.9],
    "p3": [0.9, 0.8, 0.4, 0.7],
}


async def _seed(settings: Settings) -> SeededExam:
    engine = create_engine(settings.database_url)
    try:
        return await seed_exam(engine, simulate(20, 4, seed=1), name="Angoff exam")
    finally:
        await engine.dispose()


def _body(values: list[float]) -> dict[str, object]:
    return {"ratings": [{"itemId": i, "rating": r} for i, r in zip(ITEMS, values, strict=True)]}


async def test_cut_and_standard_error_match_the_hand_computation(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings)
    base = f"/exams/{seeded.exam_id}/angoff"
    author = auth_header(Role.AUTHOR)
    for panelist in ("p1", "p2"):
        saved = await client.put(
            f"{base}/panelists/{panelist}", json=_body(RATINGS[panelist]), headers=author
        )
        assert saved.status_code == 200, saved.text
    upload = "panelist_id,item_id,rating\n" + "".join(
        f"p3,{item},{value}\n" for item, value in zip(ITEMS, RATINGS["p3"], strict=True)
    )
    uploaded = await client.post(
        f"{base}/ratings.csv",
        content=upload.encode(),
        headers={**author, "Content-Type": "text/csv"},
    )
    assert uploaded.status_code == 200, uploaded.text
    body = (await client.get(base, headers=author)).json()
    # panelists' cuts 2.6, 2.5, 2.8: mean 2.6333, sample SD 0.152753, SE = SD / sqrt(3)
    cuts = [sum(values) for values in RATINGS.values()]
    mean = sum(cuts) / 3
    sd = math.sqrt(sum((c - mean) ** 2 for c in cuts) / 2)
    assert body["panelists"] == 3 and body["items"] == 4
    assert body["cutRaw"] == pytest.approx(2.633333, abs=1e-6)
    assert body["cutScore"] == pytest.approx(mean / 4, abs=1e-6)
    assert body["standardErrorRaw"] == pytest.approx(sd / math.sqrt(3))
    assert body["standardErrorRaw"] == pytest.approx(0.0881917, abs=1e-6)
    assert body["standardError"] == pytest.approx(sd / math.sqrt(3) / 4, abs=1e-6)
    assert [p["cutScore"] for p in body["panelistCuts"]] == pytest.approx(
        [c / 4 for c in cuts], abs=1e-6
    )
    assert body["mostDisagreement"][0]["itemId"] == "Q000"
    assert body["itemRatings"][0]["sd"] == pytest.approx(0.2081666, abs=1e-6)
    assert body["incompletePanelists"] == []
    assert (await client.post(f"{base}/adoption", headers=author)).status_code == 403
    adopted = await client.post(f"{base}/adoption", headers=auth_header(Role.ADMIN))
    assert adopted.status_code == 200, adopted.text
    assert adopted.json()["cutScore"] == 0.6583
    stats = await client.get(f"/exams/{seeded.exam_id}/statistics", headers=author)
    assert stats.json()["cutScore"] == pytest.approx(0.6583)


async def test_every_rating_problem_is_named(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings)
    base = f"/exams/{seeded.exam_id}/angoff"
    author = auth_header(Role.AUTHOR)
    bad = {
        "ratings": [
            {"itemId": "Q000", "rating": 1.5},
            {"itemId": "Q001", "rating": 0.5},
            {"itemId": "Q001", "rating": 0.6},
            {"itemId": "NOPE", "rating": 0.5},
        ]
    }
    refused = await client.put(f"{base}/panelists/p1", json=bad, headers=author)
    assert refused.status_code == 422, refused.text
    problems = {(p.get("item"), p["message"].split(": ", 1)[1]) for p in refused.json()["errors"]}
    assert ("Q000", "rating 1.5 is outside 0..1 (a probability)") in problems
    assert ("Q001", "rated twice by the same panelist") in problems
    assert ("NOPE", "the item is not on the exam") in problems
    assert ("Q002", "no rating") in problems and ("Q003", "no rating") in problems
    upload = "panelist_id,item_id,rating\np1,Q000,x\n,Q001,0.5\np1,Q002,0.5\n"
    csv_refused = await client.post(
        f"{base}/ratings.csv",
        content=upload.encode(),
        headers={**author, "Content-Type": "text/csv"},
    )
    assert csv_refused.status_code == 422
    located = {(p.get("line"), p.get("field")) for p in csv_refused.json()["errors"]}
    assert {(2, "rating"), (3, "panelist_id")} <= located
    nothing = await client.get(base, headers=author)
    assert nothing.status_code == 409


async def test_learners_cannot_rate(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings)
    base = f"/exams/{seeded.exam_id}/angoff"
    learner = auth_header(Role.LEARNER)
    assert (await client.get(base, headers=learner)).status_code == 403
    put = await client.put(f"{base}/panelists/p1", json=_body([0.5] * 4), headers=learner)
    assert put.status_code == 403
    missing = await client.get(
        f"/exams/{seeded.certification_id}/angoff", headers=auth_header(Role.ADMIN)
    )
    assert missing.status_code == 404
