"""VC-JWT: a credential secured as a compact JWS signed with ES256 (P-256), for JWT-only consumers.

Choices, following "Securing Verifiable Credentials using JOSE and COSE" (VC-JOSE-COSE) for
VC Data Model 2.0, with the Open Badges 3.0 claims added:

* The payload is the unsecured credential itself (no ``vc`` claim, which VC-JOSE-COSE
  forbids), plus the registered claims OB 3.0 asks for, copied from the credential so they
  never conflict: ``iss`` = issuer id, ``sub`` = credentialSubject id (when it has one),
  ``jti`` = credential id, ``nbf`` = validFrom, ``exp`` = validUntil (when set), and
  ``iat`` = the signing time.
* The header follows OB 3.0 "JSON Web Token Proof" (stricter than VC-JOSE-COSE): exactly
  ``alg`` ES256, ``kid`` = the URL of the signing key (it dereferences to the bare public JWK)
  and ``typ`` ``JWT``; OB 3.0 allows no other header (so no ``cty``, and not ``vc+jwt``).
* Decoding still accepts the header we wrote before following OB 3.0 (``typ`` ``vc+jwt`` with
  ``cty`` ``vc``), so tokens already handed out keep verifying, and checks that the registered
  claims agree with the credential. Times are checked against the ``now`` the caller passes,
  not the machine clock.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ec import (
    SECP256R1,
    EllipticCurvePrivateKey,
    EllipticCurvePublicKey,
)

from credentials.datetimes import InvalidDateTimeError, parse_datetime
from credentials.errors import CredentialsError

ALGORITHM = "ES256"
JWT_TYPE = "JWT"
LEGACY_TYPE = "vc+jwt"
"""The ``typ`` of VC-JWTs issued before the OB 3.0 header rules were followed (with ``cty: vc``)."""
ACCEPTED_TYPES = frozenset({JWT_TYPE, LEGACY_TYPE})
ALLOWED_HEADERS = frozenset({"alg", "kid", "jwk", "typ"})
"""OB 3.0: "Additional JOSE Headers are NOT allowed" (legacy tokens also carry ``cty``)."""
REGISTERED_CLAIMS = ("iss", "sub", "jti", "nbf", "exp", "iat")

EcPublicKeyResolver = Callable[[str], EllipticCurvePublicKey | None]
"""Maps a JWT ``kid`` (a verification method URL) to its P-256 public key, or None."""


class VcJwtError(CredentialsError):
    """A VC-JWT cannot be created, or fails to decode or verify; the message says why."""


@dataclass(frozen=True, slots=True)
class VerifiedVcJwt:
    """A VC-JWT whose signature and claims checked out."""

    kid: str
    header: dict[str, Any]
    payload: dict[str, Any]

    @property
    def credential(self) -> dict[str, Any]:
        """The credential: the payload without the JWT registered claims."""
        return {k: v for k, v in self.payload.items() if k not in REGISTERED_CLAIMS}


def _issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else None


def _subject_id(credential: dict[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    value = subject.get("id") if isinstance(subject, dict) else None
    return value if isinstance(value, str) else None


def _expected_claims(credential: dict[str, Any]) -> dict[str, Any]:
    claims: dict[str, Any] = {"iss": _issuer_id(credential), "jti": credential.get("id")}
    if _subject_id(credential) is not None:
        claims["sub"] = _subject_id(credential)
    try:
        claims["nbf"] = int(parse_datetime(credential.get("validFrom")).timestamp())
        if "validUntil" in credential:
            claims["exp"] = int(parse_datetime(credential["validUntil"]).timestamp())
    except InvalidDateTimeError as error:
        raise VcJwtError(f"bad credential timestamp: {error}") from error
    return claims


def encode_vc_jwt(
    credential: dict[str, Any],
    private_key: EllipticCurvePrivateKey,
    kid: str,
    issued_at: datetime,
) -> str:
    """Sign an unsecured credential as a VC-JWT (compact JWS, ES256)."""
    if not isinstance(private_key.curve, SECP256R1):
        raise VcJwtError("ES256 needs a P-256 key")
    if "proof" in credential:
        raise VcJwtError("sign the unsecured credential; it already carries an embedded proof")
    claims = _expected_claims(credential)
    if claims["iss"] is None or not isinstance(claims["jti"], str):
        raise VcJwtError("the credential needs an issuer id and an id")
    payload = copy.deepcopy(credential) | claims | {"iat": int(issued_at.timestamp())}
    headers = {"typ": JWT_TYPE, "kid": kid}
    return jwt.encode(payload, private_key, algorithm=ALGORITHM, headers=headers)


def read_vc_jwt_header(token: str) -> dict[str, Any]:
    """Return the unverified JOSE header (to learn ``kid`` before resolving a key)."""
    try:
        return dict(jwt.get_unverified_header(token))
    except jwt.PyJWTError as error:
        raise VcJwtError(f"not a compact JWS: {error}") from error


def decode_vc_jwt(
    token: str,
    public_key_for: EcPublicKeyResolver,
    now: datetime | None,
    leeway_seconds: int = 0,
) -> VerifiedVcJwt:
    """Verify the signature and claims of a VC-JWT and return its parts.

    Raises `VcJwtError` for an unknown key, a bad signature, an ``alg`` other than ES256,
    a wrong ``typ``, claims that disagree with the credential, or (unless ``now`` is None,
    for callers that judge the validity period themselves) a token outside its
    ``nbf``/``exp`` window at ``now``.
    """
    header = read_vc_jwt_header(token)
    if header.get("alg") != ALGORITHM:
        raise VcJwtError(f"alg must be {ALGORITHM}, got {header.get('alg')!r}")
    if header.get("typ") not in ACCEPTED_TYPES:
        raise VcJwtError(f"typ must be {JWT_TYPE!r}, got {header.get('typ')!r}")
    allowed = ALLOWED_HEADERS | ({"cty"} if header.get("typ") == LEGACY_TYPE else set())
    extra = sorted(set(header) - allowed)
    if extra:
        raise VcJwtError(f"JOSE headers not allowed by OB 3.0: {', '.join(extra)}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise VcJwtError("the header has no kid, so the signing key cannot be found")
    public_key = public_key_for(kid)
    if public_key is None:
        raise VcJwtError(f"unknown key {kid}")
    try:
        payload: dict[str, Any] = jwt.decode(
            token,
            public_key,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.PyJWTError as error:
        raise VcJwtError(f"invalid signature or token: {error}") from error
    _check_claims(payload, now, leeway_seconds)
    return VerifiedVcJwt(kid=kid, header=header, payload=payload)


def _check_claims(payload: dict[str, Any], now: datetime | None, leeway_seconds: int) -> None:
    if "vc" in payload or "vp" in payload:
        raise VcJwtError("the vc/vp claims are not used with VC Data Model 2.0 payloads")
    for name, expected in _expected_claims(payload).items():
        if name in payload and payload[name] != expected:
            raise VcJwtError(f"claim {name}={payload[name]!r} conflicts with the credential")
    if now is None:
        return
    timestamp = now.timestamp()
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if isinstance(nbf, int | float) and timestamp + leeway_seconds < nbf:
        raise VcJwtError("the token is not valid yet (nbf)")
    if isinstance(exp, int | float) and timestamp - leeway_seconds >= exp:
        raise VcJwtError("the token has expired (exp)")
