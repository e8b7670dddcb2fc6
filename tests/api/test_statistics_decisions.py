"""An exam's statistics carry the decision sections, equal to the pure ``analyse_decisions``
over the same responses (both databases), in JSON, CSV and PDF."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from itembank.statistics import ExamResponses, analyse_decisions, analyse_exam
from service.auth.roles import Role
from service.db.engine import create_engine
from service.settings import Settings
from service.statistics.services import settings_for
from service.statistics.store import ExamInfo
from tests.support.statistics_fixtures import seed_exam, simulate

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


def _pdf_text(pdftotext: str, document: bytes) -> str:
    result = subprocess.run([pdftotext, "-", "-"], input=document, capture_output=True, check=True)
    return result.stdout.decode()


async def test_exam_statistics_gain_the_decision_sections(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    simulation = simulate(400, 9, seed=11)
    engine = create_engine(settings.database_url)
    try:
        seeded = await seed_exam(engine, simulation, cut_percent=60.0)
    finally:
        await engine.dispose()
    author = auth_header(Role.AUTHOR)
    body = (await client.get(f"/exams/{seeded.exam_id}/statistics", headers=author)).json()
    decisions = body["decisions"]
    data = ExamResponses.build(
        item_ids=[str(r) for r in seeded.revision_ids], scores=simulation.scores
    )
    info = ExamInfo(seeded.exam_id, "x", 60.0, "practitioner", 0.6, 0.7)
    pure = analyse_decisions(
        data,
        analyse_exam(data, settings_for(info)),
        cut_percent=60.0,
        domains=[f"domain-{j % 3}" for j in range(9)],
    )
    assert pure.theta_cut is not None and pure.decisions is not None
    assert decisions["thetaCut"] == pytest.approx(pure.theta_cut)
    assert body["cutScore"] == 0.6 and decisions["cutScore"] == 0.6
    assert decisions["decisions"]["accuracy"] == pytest.approx(pure.decisions.accuracy)
    assert [d["domain"] for d in decisions["domains"]] == ["domain-0", "domain-1", "domain-2"]
    assert decisions["domains"][0]["alpha"] == pytest.approx(pure.domains[0].alpha)
    items = decisions["twoPl"]["items"]
    assert [item["itemId"] for item in items] == seeded.item_ids
    # item 0 is mis-keyed: the strong examinees avoid the stored key, so its slope is negative
    assert items[0]["slope"] < 0
    assert items[3]["slope"] == pytest.approx(pure.two_pl.items[3].slope)
    assert decisions["dif"] == [] and decisions["difNote"] == "no groups were given"
    exported = await client.get(f"/exams/{seeded.exam_id}/statistics.csv", headers=author)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert float(rows[0]["two_pl_slope"]) < 0
    pdf = await client.get(f"/exams/{seeded.exam_id}/statistics.pdf", headers=author)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None
    text = _pdf_text(pdftotext, pdf.content)
    assert "Decisions and precision" in text and "Subscore reliability" in text
