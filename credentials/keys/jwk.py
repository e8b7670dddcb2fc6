"""P-256 public keys as JSON Web Keys, for the VC-JWT (ES256) proof format."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ec import (
    SECP256R1,
    EllipticCurvePublicKey,
    EllipticCurvePublicNumbers,
)

from credentials.keys.errors import KeyEncodingError


class InvalidJwkError(KeyEncodingError):
    """A JWK is not a P-256 public key."""


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def p256_public_key_to_jwk(public_key: EllipticCurvePublicKey) -> dict[str, str]:
    """Return the public JWK (``kty`` EC, ``crv`` P-256, ``x``, ``y``) of a P-256 key."""
    if not isinstance(public_key.curve, SECP256R1):
        raise InvalidJwkError(f"expected a P-256 key, got curve {public_key.curve.name}")
    numbers = public_key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64url(numbers.x.to_bytes(32, "big")),
        "y": _b64url(numbers.y.to_bytes(32, "big")),
    }


def p256_public_key_from_jwk(jwk: dict[str, Any]) -> EllipticCurvePublicKey:
    """Read a P-256 public JWK; private members (``d``) are refused so secrets never travel."""
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise InvalidJwkError("expected kty EC and crv P-256")
    if "d" in jwk:
        raise InvalidJwkError("a public JWK must not carry the private member 'd'")
    try:
        x = int.from_bytes(_b64url_decode(jwk["x"]), "big")
        y = int.from_bytes(_b64url_decode(jwk["y"]), "big")
        return EllipticCurvePublicNumbers(x, y, SECP256R1()).public_key()
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidJwkError(f"bad P-256 coordinates: {error}") from error


def jwk_thumbprint(jwk: dict[str, str]) -> str:
    """RFC 7638 SHA-256 thumbprint of an EC public JWK (a stable key id)."""
    required = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


def json_web_key_verification_method(
    controller: str, public_key: EllipticCurvePublicKey, method_id: str | None = None
) -> dict[str, Any]:
    """Build a ``JsonWebKey`` verification method for a controller document.

    The default id is ``<controller>#<thumbprint>``, which is also the VC-JWT ``kid``.
    """
    jwk = p256_public_key_to_jwk(public_key)
    return {
        "id": method_id or f"{controller}#{jwk_thumbprint(jwk)}",
        "type": "JsonWebKey",
        "controller": controller,
        "publicKeyJwk": jwk,
    }
