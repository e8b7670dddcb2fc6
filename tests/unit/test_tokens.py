from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from service.auth.roles import Role
from service.auth.tokens import InvalidToken, create_token, decode_token, token_signing_key

SECRET = "a" * 40
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_round_trip_keeps_subject_roles_name_and_email() -> None:
    token = create_token(
        secret_key=SECRET,
        subject="learner-7",
        roles=[Role.LEARNER, Role.AUTHOR],
        now=datetime.now(UTC),
        ttl=timedelta(minutes=5),
        name="Ada",
        email="ada@example.org",
    )
    principal = decode_token(token, secret_key=SECRET)
    assert principal.subject == "learner-7"
    assert principal.roles == {Role.LEARNER, Role.AUTHOR}
    assert (principal.name, principal.email) == ("Ada", "ada@example.org")


def test_expired_token_is_refused() -> None:
    token = create_token(
        secret_key=SECRET, subject="x", roles=[Role.ADMIN], now=NOW, ttl=timedelta(seconds=60)
    )
    with pytest.raises(InvalidToken, match="expired"):
        decode_token(token, secret_key=SECRET)


def test_token_signed_with_another_key_is_refused() -> None:
    token = create_token(
        secret_key="b" * 40,
        subject="x",
        roles=[Role.ADMIN],
        now=datetime.now(UTC),
        ttl=timedelta(minutes=5),
    )
    with pytest.raises(InvalidToken, match="not valid"):
        decode_token(token, secret_key=SECRET)


def test_unknown_role_and_unsigned_tokens_are_refused() -> None:
    claims = {
        "sub": "x",
        "roles": ["superuser"],
        "exp": int((datetime.now(UTC) + timedelta(minutes=5)).timestamp()),
        "aud": "accredo-api",
        "iss": "accredo",
    }
    forged = jwt.encode(claims, token_signing_key(SECRET), algorithm="HS256")
    with pytest.raises(InvalidToken, match="unknown role"):
        decode_token(forged, secret_key=SECRET)
    unsigned = jwt.encode({**claims, "roles": ["admin"]}, "", algorithm="none")
    with pytest.raises(InvalidToken):
        decode_token(unsigned, secret_key=SECRET)


def test_a_token_needs_subject_and_roles() -> None:
    with pytest.raises(ValueError, match="subject"):
        create_token(secret_key=SECRET, subject="", roles=[Role.ADMIN], now=NOW, ttl=timedelta(1))
    with pytest.raises(ValueError, match="role"):
        create_token(secret_key=SECRET, subject="x", roles=[], now=NOW, ttl=timedelta(1))


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"subject": "s" * 201}, "`sub` claim is longer than 200"),
        ({"subject": "ok", "name": "n" * 201}, "`name` claim is longer than 200"),
        ({"subject": "ok", "email": "e" * 321}, "`email` claim is longer than 320"),
        ({"subject": "a\x00b"}, "`sub` claim must not contain the NUL"),
        ({"subject": "ok", "name": "x\udc00"}, "`name` claim must not contain the unpaired"),
    ],
)
def test_claims_that_cannot_be_stored_are_refused_both_ways(
    claims: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        create_token(
            secret_key=SECRET, roles=[Role.LEARNER], now=NOW, ttl=timedelta(hours=1), **claims
        )
    payload = {
        "sub": claims["subject"],
        "roles": ["learner"],
        "exp": int((datetime.now(UTC) + timedelta(hours=1)).timestamp()),
        "aud": "accredo-api",
        "iss": "accredo",
        **{k: v for k, v in claims.items() if k != "subject"},
    }
    token = jwt.encode(payload, token_signing_key(SECRET), algorithm="HS256")
    with pytest.raises(InvalidToken, match=message):
        decode_token(token, secret_key=SECRET)


def test_claims_at_the_limits_are_accepted() -> None:
    token = create_token(
        secret_key=SECRET,
        subject="s" * 200,
        roles=[Role.LEARNER],
        now=datetime.now(UTC),
        ttl=timedelta(minutes=5),
        name="n" * 200,
        email="e" * 320,
    )
    assert decode_token(token, secret_key=SECRET).subject == "s" * 200


def test_the_account_claim_round_trips_and_is_held_to_its_column() -> None:
    now = datetime.now(UTC)
    token = create_token(
        secret_key=SECRET,
        subject="learner-1",
        roles=[Role.LEARNER],
        now=now,
        ttl=timedelta(minutes=5),
        account="0015g00000AcmeX",
    )
    assert decode_token(token, secret_key=SECRET).account == "0015g00000AcmeX"
    with pytest.raises(ValueError, match="account"):
        create_token(
            secret_key=SECRET,
            subject="learner-1",
            roles=[Role.LEARNER],
            now=now,
            ttl=timedelta(minutes=5),
            account="x" * 201,
        )
