"""The retry schedule spans at least three days with bounded jitter; secrets are sealed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from cryptography.exceptions import InvalidTag
from standardwebhooks import Webhook

from service.settings import SettingsError, load_settings
from service.webhooks.retry import RetryPolicy
from service.webhooks.signing_secrets import new_secret, seal, secret_problem, unseal

SECRET_KEY = "k" * 48


def test_backoff_doubles_to_its_cap_and_jitter_stays_in_bounds() -> None:
    exact = RetryPolicy(jitter=0.0)
    assert [exact.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert exact.delay(40) == timedelta(hours=6)
    low = RetryPolicy(random=lambda: 0.0)
    high = RetryPolicy(random=lambda: 0.999999)
    assert low.delay(3) == timedelta(seconds=16)
    assert timedelta(seconds=23) < high.delay(3) < timedelta(seconds=24)


def test_the_default_schedule_keeps_trying_for_at_least_three_days() -> None:
    """Following the default schedule, a delivery is still tried at the 3-day mark, and with
    dozens of tries on the way (not one lonely try at the end)."""
    policy = RetryPolicy(random=lambda: 0.0)  # the shortest waits jitter allows
    elapsed, tries = timedelta(0), 1
    while elapsed < policy.give_up_after:
        elapsed += policy.delay(tries)
        tries += 1
    assert policy.give_up_after >= timedelta(days=3)
    assert 15 <= tries <= 40


def test_generated_secrets_are_standard_webhooks_secrets() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_") and secret_problem(secret) is None
    signature = Webhook(secret).sign("msg_1", datetime(2027, 1, 1, tzinfo=UTC), "{}")
    assert signature.startswith("v1,")
    assert secret_problem("hunter2") is not None
    assert secret_problem("whsec_!!notbase64") is not None
    assert secret_problem("whsec_c2hvcnQ=") is not None  # 5 bytes: too short


def test_sealed_secrets_open_only_on_their_own_endpoint() -> None:
    endpoint, other = uuid4(), uuid4()
    secret = new_secret()
    sealed = seal(SECRET_KEY, endpoint, secret)
    assert secret.encode() not in sealed
    assert unseal(SECRET_KEY, endpoint, sealed) == secret
    with pytest.raises(InvalidTag):
        unseal(SECRET_KEY, other, sealed)


def test_webhook_settings_are_read_and_checked() -> None:
    base = {"ACCREDO_SECRET_KEY": SECRET_KEY}
    settings = load_settings(
        {
            **base,
            "ACCREDO_WEBHOOKS_ALLOW_LOOPBACK": "1",
            "ACCREDO_WEBHOOKS_WORKER": "0",
            "ACCREDO_WEBHOOKS_POLL_MS": "250",
        }
    )
    assert settings.webhooks_allow_loopback and not settings.webhooks_worker
    assert settings.webhooks_poll_seconds == 0.25
    assert not load_settings(base).webhooks_allow_loopback
    with pytest.raises(SettingsError, match="ACCREDO_WEBHOOKS_ALLOW_LOOPBACK"):
        load_settings({**base, "ACCREDO_WEBHOOKS_ALLOW_LOOPBACK": "maybe"})
