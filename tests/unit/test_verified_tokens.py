"""A verified token is kept and reused only while it stays valid: until its expiry, under
the secret that signed it, and never when it failed (`service.auth.verified_tokens`)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from service.auth import verified_tokens
from service.auth.roles import Role
from service.auth.tokens import InvalidToken, create_token
from service.auth.verified_tokens import verified_principal

SECRET = "s" * 40
OTHER_SECRET = "t" * 40


def _token(*, ttl: timedelta, issued: datetime | None = None, secret: str = SECRET) -> str:
    return create_token(
        secret_key=secret,
        subject="learner-9",
        roles=[Role.LEARNER],
        now=issued or datetime.now(UTC),
        ttl=ttl,
        name="Grace",
    )


def test_a_kept_token_gives_the_same_principal() -> None:
    token = _token(ttl=timedelta(minutes=5))
    first = verified_principal(token, secret_key=SECRET)
    assert (SECRET, token) in verified_tokens._verified
    again = verified_principal(token, secret_key=SECRET)
    assert again == first
    assert (again.subject, again.roles, again.name) == (
        "learner-9",
        frozenset({Role.LEARNER}),
        "Grace",
    )


def test_a_kept_token_is_refused_once_it_expires() -> None:
    # Issued so that it expires within the next second (``exp`` is whole seconds).
    issued = datetime.now(UTC) - timedelta(hours=1)
    token = _token(ttl=timedelta(hours=1, seconds=1), issued=issued)
    verified_principal(token, secret_key=SECRET)
    assert (SECRET, token) in verified_tokens._verified
    time.sleep(max(0.0, int(issued.timestamp()) + 3601 - time.time()) + 0.05)
    with pytest.raises(InvalidToken, match="expired"):
        verified_principal(token, secret_key=SECRET)
    assert (SECRET, token) not in verified_tokens._verified


def test_a_kept_token_is_refused_under_another_secret() -> None:
    token = _token(ttl=timedelta(minutes=5))
    verified_principal(token, secret_key=SECRET)
    with pytest.raises(InvalidToken, match="not valid"):
        verified_principal(token, secret_key=OTHER_SECRET)


def test_a_refused_token_is_not_kept() -> None:
    forged = _token(ttl=timedelta(minutes=5), secret=OTHER_SECRET)
    for _ in range(2):
        with pytest.raises(InvalidToken):
            verified_principal(forged, secret_key=SECRET)
    assert (SECRET, forged) not in verified_tokens._verified
