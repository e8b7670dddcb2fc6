"""Statistics API on both databases: figures equal the pure package, roles, CSV, PDF, cache."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from itembank.statistics import ExamResponses, ItemOptions, analyse_exam
from service.auth.roles import Role
from service.db.engine import create_engine
from service.settings import Settings
from service.statistics.services import settings_for
from service.statistics.store import ExamInfo
from tests.support.statistics_fixtures import (
    NOT_PRESENTED,
    OPTIONS,
    SeededExam,
    Simulation,
    add_attempts,
    seed_exam,
    simulate,
)

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]

# 6 attempts x 3 items, keys A, B, C; -1 = unanswered. Scores:
#   [1,1,1] [1,1,0] [1,0,0] [0,1,0] [1,0,1] [0,0,0]  -> p = 4/6, 3/6, 2/6
SMALL = Simulation(
    choices=np.array(
        [[0, 1, 2], [0, 1, 0], [0, 2, -1], [1, 1, 3], [0, 0, 2], [-1, 3, 1]], dtype=np.int64
    ),
    keys=np.array([0, 1, 2], dtype=np.int64),
    times=np.array([[10.0, 20.0, np.nan]] * 6),
    numbers=np.array([1, 1, 1, 1, 2, 1], dtype=np.int64),
)


def _pdf_text(pdftotext: str, document: bytes) -> str:
    result = subprocess.run([pdftotext, "-", "-"], input=document, capture_output=True, check=True)
    return result.stdout.decode()


async def _seed(settings: Settings, simulation: Simulation, **kwargs: object) -> SeededExam:
    engine = create_engine(settings.database_url)
    try:
        return await seed_exam(engine, simulation, **kwargs)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def _pure(simulation: Simulation, seeded: SeededExam) -> list[dict[str, object]]:
    data = ExamResponses.build(
        item_ids=[str(r) for r in seeded.revision_ids],
        scores=simulation.scores,
        choices=simulation.choices,
        item_options=[
            ItemOptions(option_ids=OPTIONS, key_option_ids=frozenset({OPTIONS[int(key)]}))
            for key in simulation.keys
        ],
        times=simulation.times,
    )
    info = ExamInfo(seeded.exam_id, "x", 60.0, "practitioner", 0.6, 0.7)
    analysis = analyse_exam(data, settings_for(info))
    return [
        {
            "p": item.p,
            "pointBiserial": item.point_biserial,
            "correctedItemTotal": item.corrected_item_total,
            "discriminationIndex": item.discrimination_index,
            "alphaIfDeleted": item.alpha_if_deleted,
            "meanTimeSeconds": item.mean_time_seconds,
            "difficulty": rasch.difficulty,
        }
        for item, rasch in zip(
            analysis.items, analysis.rasch.items if analysis.rasch else [], strict=True
        )
    ]


async def test_small_exam_matches_hand_and_pure_figures(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings, SMALL)
    response = await client.get(
        f"/exams/{seeded.exam_id}/statistics", headers=auth_header(Role.AUTHOR)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["attempts"] == 6
    assert body["firstAttempts"] == 5
    # passed = percent >= 60: raw scores 3, 2, 1, 1, 2, 0 of 3 -> attempts 1, 2 and 5 pass
    assert body["firstAttemptPassRate"] == pytest.approx(2 / 5)
    summary = body["summary"]
    assert summary["scoreDistribution"] == [1, 2, 2, 1]
    assert summary["mean"] == pytest.approx(9 / 6)
    assert (summary["items"], summary["meanFormLength"]) == (3, 3.0)
    assert body["rasch"]["method"].startswith("CML")  # one form for everyone: full CML
    items = body["items"]
    assert [item["itemId"] for item in items] == ["Q000", "Q001", "Q002"]
    assert [item["p"] for item in items] == pytest.approx([4 / 6, 3 / 6, 2 / 6])
    assert items[2]["nAnswered"] == 5
    assert items[0]["meanTimeSeconds"] == pytest.approx(10.0)
    assert items[2]["meanTimeSeconds"] is None
    for got, expected in zip(items, _pure(SMALL, seeded), strict=True):
        for name, value in expected.items():
            actual = got["rasch"]["difficulty"] if name == "difficulty" else got[name]
            assert actual == (None if value is None else pytest.approx(value)), name
    key_row = next(o for o in items[0]["options"] if o["optionId"] == "A")
    assert key_row["isKey"] and key_row["count"] == 4
    one = await client.get(
        f"/exams/{seeded.exam_id}/statistics/items/{seeded.revision_ids[1]}",
        headers=auth_header(Role.ADMIN),
    )
    assert one.status_code == 200, one.text
    assert one.json()["itemId"] == "Q001"
    assert one.json()["item"]["p"] == pytest.approx(0.5)


async def test_flags_csv_and_pdf(client: Client, settings: Settings, auth_header: Headers) -> None:
    simulation = simulate(400, 12, seed=3)
    seeded = await _seed(settings, simulation)
    author = auth_header(Role.AUTHOR)
    body = (await client.get(f"/exams/{seeded.exam_id}/statistics", headers=author)).json()
    codes = {(flag["itemId"], flag["code"]) for flag in body["flags"]}
    assert ("Q000", "likely_miskeyed") in codes
    assert ("Q000", "negative_discrimination") in codes
    assert ("Q001", "too_easy") in codes
    assert {code for item, code in codes if item is None} & {
        "pass_rate_above_band",
        "pass_rate_below_band",
        "pass_rate_above_ceiling",
    }
    exported = await client.get(f"/exams/{seeded.exam_id}/statistics.csv", headers=author)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 12
    assert {row["item_id"] for row in rows} == set(seeded.item_ids)
    by_item = {row["item_id"]: row for row in rows}
    assert "likely_miskeyed" in by_item["Q000"]["flags"].split(";")
    assert float(by_item["Q005"]["p"]) == pytest.approx(body["items"][5]["p"], rel=1e-5)
    pdf = await client.get(f"/exams/{seeded.exam_id}/statistics.pdf", headers=author)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "poppler-utils (pdftotext) is required"
    text = _pdf_text(pdftotext, pdf.content)
    assert "Q000" in text and "likely_miskeyed" in text and "too_easy" in text
    assert "Item characteristic curves" in text


async def test_learners_and_outsiders_are_refused(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings, SMALL)
    learner = auth_header(Role.LEARNER)
    for suffix in ("", ".csv", ".pdf", f"/items/{seeded.revision_ids[0]}"):
        url = f"/exams/{seeded.exam_id}/statistics{suffix}"
        assert (await client.get(url, headers=learner)).status_code == 403
        assert (await client.get(url)).status_code == 401


async def test_unknown_exam_and_item_are_404(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings, SMALL)
    author = auth_header(Role.AUTHOR)
    missing = await client.get(f"/exams/{seeded.certification_id}/statistics", headers=author)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    item = await client.get(
        f"/exams/{seeded.exam_id}/statistics/items/{seeded.exam_id}", headers=author
    )
    assert item.status_code == 404


async def test_new_scored_attempt_invalidates_the_cache(
    client: Client, app: Litestar, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings, SMALL)
    author = auth_header(Role.AUTHOR)
    url = f"/exams/{seeded.exam_id}/statistics"
    first = (await client.get(url, headers=author)).json()
    again = (await client.get(url, headers=author)).json()
    assert again["computedAt"] == first["computedAt"]
    extra = Simulation(
        choices=np.array([[0, 1, 2]], dtype=np.int64),
        keys=SMALL.keys,
        times=np.array([[5.0, 5.0, 5.0]]),
        numbers=np.array([1], dtype=np.int64),
    )
    engine = create_engine(settings.database_url)
    try:
        await add_attempts(
            engine, seeded, extra, submitted_at=datetime.now(UTC) + timedelta(seconds=1)
        )
        await add_attempts(engine, seeded, extra, status="in_progress")
    finally:
        await engine.dispose()
    after = (await client.get(url, headers=author)).json()
    assert after["attempts"] == 7
    assert after["computedAt"] != first["computedAt"]
    assert after["items"][0]["p"] == pytest.approx(5 / 7)


def _hand_root() -> float:
    """The real root of u^3 - u^2 - 2 = 0 (bisection), for the hand-solved pairwise case."""
    low, high = 1.0, 2.0
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if middle**3 - middle**2 - 2 < 0 else (low, middle)
    return low


# 6 attempts, each shown 2 of 3 items (keys A, B, C; -2 = not presented). Per item, over the
# 4 attempts that saw it: X0 = [1,1,0,0] with totals [2,1,1,1]; p = 1/2, 3/4, 1/2.
TINY_INCOMPLETE = Simulation(
    choices=np.array(
        [[0, 1, -2], [0, -2, 0], [-2, 0, 2], [1, 1, -2], [3, -2, 2], [-2, 1, 3]], dtype=np.int64
    ),
    keys=np.array([0, 1, 2], dtype=np.int64),
    times=np.full((6, 3), 30.0),
    numbers=np.ones(6, dtype=np.int64),
)


async def test_tiny_incomplete_design_matches_hand_computation(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings, TINY_INCOMPLETE)
    body = (
        await client.get(f"/exams/{seeded.exam_id}/statistics", headers=auth_header(Role.AUTHOR))
    ).json()
    items = body["items"]
    assert [item["n"] for item in items] == [4, 4, 4]
    assert [item["p"] for item in items] == pytest.approx([0.5, 0.75, 0.5])
    # item 0: r(X, T) = 0.125 / sqrt(0.25 * 0.1875) = 1/sqrt(3); with R = T - X it is -1/sqrt(3)
    assert items[0]["pointBiserial"] == pytest.approx(3**-0.5)
    assert items[0]["correctedItemTotal"] == pytest.approx(-(3**-0.5))
    # KR-20 of the average form: L = 2, V = (4/6)(1/4 + 3/16 + 1/4), var(T) = 5/36
    assert body["summary"]["meanFormLength"] == 2.0
    assert body["summary"]["alpha"] == pytest.approx(2 * (1 - (11 / 24) / (5 / 36)))
    # pairwise counts n_10 = n_02 = n_20 = n_12 = n_21 = 1: b = (d/2, -d/2, 0), d = 2 ln u
    d = 2 * np.log(_hand_root())
    assert body["rasch"]["method"].startswith("pairwise CML")
    assert [item["rasch"]["difficulty"] for item in items] == pytest.approx(
        [d / 2, -d / 2, 0.0], abs=1e-8
    )


def _random_forms(simulation: Simulation, form_length: int, seed: int) -> Simulation:
    rng = np.random.default_rng(seed)
    n, k = simulation.choices.shape
    choices = np.full((n, k), NOT_PRESENTED, dtype=np.int64)
    for i in range(n):
        shown = rng.choice(k, size=form_length, replace=False)
        choices[i, shown] = simulation.choices[i, shown]
    return Simulation(
        choices=choices, keys=simulation.keys, times=simulation.times, numbers=simulation.numbers
    )


async def test_each_attempt_with_its_own_form_from_a_pool_is_analysed_as_one_pool(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    drawn = _random_forms(simulate(450, 30, seed=5), form_length=10, seed=9)
    seeded = await _seed(settings, drawn)
    author = auth_header(Role.AUTHOR)
    body = (await client.get(f"/exams/{seeded.exam_id}/statistics", headers=author)).json()
    assert body["summary"]["attempts"] == 450
    assert (body["summary"]["items"], body["summary"]["meanFormLength"]) == (30, 10.0)
    assert len(body["summary"]["scoreDistribution"]) == 11
    assert body["summary"]["alpha"] is not None
    assert body["rasch"]["estimable"] and body["rasch"]["method"].startswith("pairwise CML")
    items = body["items"]
    assert len(items) == 30
    presented = drawn.choices != NOT_PRESENTED
    for j, item in enumerate(items):
        assert item["n"] == int(presented[:, j].sum())
        assert item["p"] == pytest.approx(float(drawn.scores[presented[:, j], j].mean()))
        for name in ("pointBiserial", "correctedItemTotal", "discriminationIndex"):
            assert item[name] is not None, (item["itemId"], name)
        if j != 1:  # Q001 is nearly always right: its difficulty may not be finite
            assert item["rasch"]["difficulty"] is not None, item["itemId"]
            assert item["rasch"]["standardError"] is not None
    pure = analyse_exam(
        ExamResponses.build(
            item_ids=[str(r) for r in seeded.revision_ids],
            scores=drawn.scores,
            presented=presented,
            choices=np.where(presented, drawn.choices, -1),
            item_options=[
                ItemOptions(option_ids=OPTIONS, key_option_ids=frozenset({OPTIONS[int(key)]}))
                for key in drawn.keys
            ],
            times=drawn.times,
        ),
        settings_for(ExamInfo(seeded.exam_id, "x", 60.0, "practitioner", 0.6, 0.7)),
    )
    assert pure.rasch is not None
    for got, item, rasch in zip(items, pure.items, pure.rasch.items, strict=True):
        assert got["correctedItemTotal"] == pytest.approx(item.corrected_item_total)
        assert got["discriminationIndex"] == pytest.approx(item.discrimination_index)
        assert got["rasch"]["difficulty"] == (
            None if rasch.difficulty is None else pytest.approx(rasch.difficulty)
        )
    codes = {(flag["itemId"], flag["code"]) for flag in body["flags"]}
    assert ("Q000", "likely_miskeyed") in codes
    one = await client.get(
        f"/exams/{seeded.exam_id}/statistics/items/{seeded.revision_ids[4]}", headers=author
    )
    assert one.json()["item"]["n"] == int(presented[:, 4].sum())
    exported = await client.get(f"/exams/{seeded.exam_id}/statistics.csv", headers=author)
    assert len(list(csv.DictReader(io.StringIO(exported.text)))) == 30
    pdf = await client.get(f"/exams/{seeded.exam_id}/statistics.pdf", headers=author)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_attempts_that_saw_different_items_are_analysed_together(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    simulation = simulate(60, 4, seed=5)
    choices = simulation.choices.copy()
    choices[:20, 3] = NOT_PRESENTED  # a third of the attempts never saw item Q003
    shown = Simulation(
        choices=choices, keys=simulation.keys, times=simulation.times, numbers=simulation.numbers
    )
    seeded = await _seed(settings, shown)
    body = (
        await client.get(f"/exams/{seeded.exam_id}/statistics", headers=auth_header(Role.AUTHOR))
    ).json()
    assert body["summary"]["attempts"] == 60
    assert body["summary"]["meanFormLength"] == pytest.approx((20 * 3 + 40 * 4) / 60)
    q003 = [item for item in body["items"] if item["itemId"] == "Q003"]
    assert [item["n"] for item in q003] == [40]
    expected = float((shown.choices[20:, 3] == shown.keys[3]).mean())
    assert q003[0]["p"] == pytest.approx(expected)
