from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient


async def test_health_does_a_round_trip_and_names_the_database(
    client: AsyncTestClient[Litestar], database_kind: str
) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": database_kind}


async def test_openapi_document_and_interactive_page_are_served(
    client: AsyncTestClient[Litestar],
) -> None:
    document = await client.get("/schema/openapi.json")
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "Accredo API"
    assert "/health" in document.json()["paths"]
    page = await client.get("/schema")
    assert page.status_code == 200
    assert "swagger" in page.text.lower()
