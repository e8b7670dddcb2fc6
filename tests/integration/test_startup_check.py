from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from service.app import DatabaseNotReady, create_app
from service.settings import Settings
from tests.conftest import TEST_SECRET
from tests.support.databases import PostgresDatabases, SqliteDatabases


async def test_app_refuses_an_unmigrated_database_and_names_the_command(
    database_factory: SqliteDatabases | PostgresDatabases, tmp_path: Path
) -> None:
    url = await database_factory.fresh(migrated=False)
    app = create_app(Settings(database_url=url, public_base_url="http://x", secret_key=TEST_SECRET))
    with pytest.raises(BaseException) as raised:
        async with AsyncTestClient(app=app):
            pass
    errors = _leaves(raised.value)
    assert any(isinstance(error, DatabaseNotReady) for error in errors)
    assert "run `accredo db upgrade`" in " ".join(str(error) for error in errors)


def _leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in _leaves(inner)]
    return [error]
