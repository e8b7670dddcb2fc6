"""Bearer tokens: HS256 JWTs signed with a key derived from the service secret.

A derived key (not the secret itself) keeps token signing separate from the other uses of the
secret, such as encrypting issuer signing keys.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from service.auth.roles import Role
from service.wire import EMAIL_LENGTH, NAME_LENGTH, character_problem

ALGORITHM = "HS256"
AUDIENCE = "accredo-api"
ISSUER = "accredo"


class InvalidToken(Exception):
    """The bearer token is missing, malformed, expired or signed with another key."""


CLAIM_LENGTHS = {
    "sub": NAME_LENGTH,
    "name": NAME_LENGTH,
    "email": EMAIL_LENGTH,
    "account": NAME_LENGTH,
}
"""The text claims kept in the database, and their column sizes."""


def claim_problem(claim: str, value: str) -> str | None:
    """Why a text claim cannot be used, or None.

    The subject becomes a learner id and the name a holder name: a claim that could never be
    stored would let a token in and then fail at the first write, on PostgreSQL only.
    """
    if not value and claim == "sub":
        return "the token's `sub` claim must not be empty"
    if len(value) > CLAIM_LENGTHS[claim]:
        return f"the token's `{claim}` claim is longer than {CLAIM_LENGTHS[claim]} characters"
    reason = character_problem(value)
    return None if reason is None else f"the token's `{claim}` claim {reason}"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's subject and roles, plus optional display name and email.

    ``account`` is the external id (the CRM's id) of the customer account an LMS or SSO says
    the learner belongs to; it places the learner there on first use.
    """

    subject: str
    roles: frozenset[Role]
    name: str | None = None
    email: str | None = None
    account: str | None = None

    def has(self, role: Role) -> bool:
        return role in self.roles


def token_signing_key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"accredo-token-signing-v1", hashlib.sha256).digest()


def create_token(
    *,
    secret_key: str,
    subject: str,
    roles: Iterable[Role],
    now: datetime,
    ttl: timedelta,
    name: str | None = None,
    email: str | None = None,
    account: str | None = None,
) -> str:
    role_list = sorted({Role(role) for role in roles})
    if not subject:
        raise ValueError("a token needs a subject")
    for claim, value in (("sub", subject), ("name", name), ("email", email), ("account", account)):
        if value and (problem := claim_problem(claim, value)) is not None:
            raise ValueError(problem)
    if not role_list:
        raise ValueError("a token needs at least one role")
    claims: dict[str, object] = {
        "sub": subject,
        "roles": [str(role) for role in role_list],
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "aud": AUDIENCE,
        "iss": ISSUER,
    }
    if name:
        claims["name"] = name
    if email:
        claims["email"] = email
    if account:
        claims["account"] = account
    return jwt.encode(claims, token_signing_key(secret_key), algorithm=ALGORITHM)


def decode_token(token: str, *, secret_key: str, now: datetime | None = None) -> Principal:
    return verify_token(token, secret_key=secret_key, now=now)[0]


def verify_token(
    token: str, *, secret_key: str, now: datetime | None = None
) -> tuple[Principal, int]:
    """The token's principal and its expiry (``exp``, Unix seconds), or `InvalidToken`."""
    try:
        claims = jwt.decode(
            token,
            token_signing_key(secret_key),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["sub", "exp", "roles"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("the token has expired") from exc
    except jwt.InvalidTokenError as exc:
        raise InvalidToken("the token is not valid") from exc
    if now is not None and claims["exp"] <= now.timestamp():
        raise InvalidToken("the token has expired")
    raw_roles = claims.get("roles")
    if not isinstance(raw_roles, list) or not all(isinstance(r, str) for r in raw_roles):
        raise InvalidToken("the token's roles claim must be a list of role names")
    try:
        roles = frozenset(Role(role) for role in raw_roles)
    except ValueError as exc:
        raise InvalidToken("the token names an unknown role") from exc
    name = claims.get("name")
    email = claims.get("email")
    account = claims.get("account")
    subject = claims["sub"]
    if not isinstance(subject, str):
        raise InvalidToken("the token's `sub` claim must be text")
    for claim, value in (
        ("sub", subject),
        ("name", name),
        ("email", email),
        ("account", account),
    ):
        if isinstance(value, str) and (problem := claim_problem(claim, value)) is not None:
            raise InvalidToken(problem)
    principal = Principal(
        subject=subject,
        roles=roles,
        name=name if isinstance(name, str) else None,
        email=email if isinstance(email, str) else None,
        account=account if isinstance(account, str) and account else None,
    )
    return principal, int(claims["exp"])


def utc_now() -> datetime:
    return datetime.now(UTC)
