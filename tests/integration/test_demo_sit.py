"""`accredo demo sit` drives the demo exam through the HTTP API to a credential or a retake date.

The sitting runs against the app through Litestar's test client (an `httpx.Client`), with the
demo data loaded by the real `accredo demo load`; the README quick-start test runs the command
itself against a served instance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from litestar import Litestar
from litestar.testing import TestClient

from service.app import create_app
from service.auth.roles import Role
from service.cli import cli
from service.demo.sit import DemoSitError, choose, sample_keys, sit_demo
from service.settings import Settings
from tests.conftest import TEST_SECRET, TokenFactory


@pytest.fixture
def app(settings: Settings) -> Litestar:
    """With the app's own issuer: the demo sitting waits for it to sign the credential."""
    return create_app(dataclasses.replace(settings, credential_worker=True))


@pytest.fixture
def demo_client(
    settings: Settings, app: Litestar, tmp_path: Path
) -> Iterator[TestClient[Litestar]]:
    env = {
        "ACCREDO_DATABASE_URL": settings.database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    loaded = CliRunner().invoke(cli, ["demo", "load"], env=env)
    assert loaded.exit_code == 0, loaded.output
    with TestClient(app=app, base_url="http://127.0.0.1:8000") as client:
        yield client


def test_a_passing_sitting_ends_with_the_credential_url(
    demo_client: TestClient[Litestar], make_token: TokenFactory
) -> None:
    demo_client.headers["Authorization"] = "Bearer " + make_token(
        Role.LEARNER, subject="ada", name="Ada Lovelace"
    )
    outcome = sit_demo(demo_client, fail=False)
    assert outcome.passed is True and outcome.percent == 100.0
    assert outcome.credential_url is not None
    page = demo_client.get(outcome.credential_url, params={"format": "json"})
    assert page.status_code == 200
    assert page.json()["credentialSubject"]["achievement"]["name"] == "Lumen Certified Practitioner"


def test_a_failing_sitting_names_weak_domains_and_the_retake_then_is_refused(
    demo_client: TestClient[Litestar], make_token: TokenFactory
) -> None:
    demo_client.headers["Authorization"] = "Bearer " + make_token(Role.LEARNER, subject="sam")
    failed = sit_demo(demo_client, fail=True)
    assert failed.passed is False and failed.percent == 0.0 and failed.credential_url is None
    assert "Report filters" in failed.weak_domains and failed.retake_from is not None
    again = sit_demo(demo_client, fail=False)
    assert again.passed is None and again.refusal and again.retake_from is not None


def test_every_sample_item_has_a_wrong_choice_and_no_stem_is_shared() -> None:
    keys = sample_keys()
    assert len(keys) == 67
    for item in keys.values():
        wrong = choose(item, fail=True)
        assert wrong and not set(wrong) & set(item.content.keys)


def test_a_server_without_the_demo_exam_is_named(app: Litestar, make_token: TokenFactory) -> None:
    with TestClient(app=app) as client:
        client.headers["Authorization"] = "Bearer " + make_token(Role.LEARNER, subject="x")
        with pytest.raises(DemoSitError, match="accredo demo load"):
            sit_demo(client, fail=False)
