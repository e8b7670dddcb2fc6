"""Faults on our side are 5xx problems with a reference, never a 4xx blamed on the caller."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.auth.roles import Role
from service.db.models import ExamRow
from tests.support.exam_setup import build_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def test_a_stored_blueprint_that_no_longer_decodes_is_a_500_with_a_reference(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    async with db_engine.begin() as connection:
        await connection.execute(
            update(ExamRow)
            .where(ExamRow.id == UUID(setup.exam_id))
            .values(blueprint={"domainCounts": "not a mapping"})
        )
    learner = auth_header(Role.LEARNER, subject="learner-corrupt")
    response = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert response.status_code == 500
    body = response.json()
    assert body["type"] == "urn:accredo:problem:stored-value-corrupt"
    assert body["reference"] in body["detail"]
    assert "domainCounts" not in body["detail"]
