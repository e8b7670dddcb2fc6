"""How a verifier learns which public key a ``verificationMethod`` (or JWT ``kid``) names.

The verifier never fetches anything itself. It calls a `KeyResolver`: the service plugs in
a database lookup, the CLI an HTTP fetch of the issuer's controller document (then
`keys_from_controller_document`), and tests a dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from credentials.datetimes import InvalidDateTimeError, parse_datetime
from credentials.errors import CredentialsError
from credentials.keys.errors import KeyEncodingError
from credentials.keys.jwk import p256_public_key_from_jwk
from credentials.keys.multikey import ed25519_public_key_from_multibase

PublicKey = Ed25519PublicKey | EllipticCurvePublicKey


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    """A verification method the resolver vouches for.

    ``controller`` is who the key speaks for; the verifier requires it to be the issuer.
    ``revoked`` (Controlled Identifiers ``revoked``): signatures made at or after this time
    are invalid, earlier ones stay valid.
    """

    verification_method: str
    controller: str
    public_key: PublicKey
    revoked: datetime | None = None


KeyResolver = Callable[[str], ResolvedKey | None]


class ControllerDocumentError(CredentialsError):
    """A controller document is malformed (its message names the method and the reason)."""


def resolver_from_keys(keys: Iterable[ResolvedKey]) -> KeyResolver:
    """Build a resolver that knows exactly ``keys`` (by verification method id)."""
    by_id = {key.verification_method: key for key in keys}
    return by_id.get


def keys_from_controller_document(document: dict[str, Any]) -> list[ResolvedKey]:
    """Read the assertion keys of a controller document (Multikey Ed25519, JsonWebKey P-256).

    Only methods listed under ``assertionMethod`` count: a key published for another
    purpose (say authentication) must not be able to issue credentials.
    """
    controller = document.get("id")
    if not isinstance(controller, str):
        raise ControllerDocumentError("the controller document has no id")
    methods = {
        method["id"]: method
        for method in document.get("verificationMethod", [])
        if isinstance(method, dict) and isinstance(method.get("id"), str)
    }
    keys: list[ResolvedKey] = []
    for entry in document.get("assertionMethod", []):
        method = methods.get(entry) if isinstance(entry, str) else entry
        if not isinstance(method, dict):
            raise ControllerDocumentError(f"assertionMethod {entry!r} is not defined")
        keys.append(_resolved_key(method, controller))
    return keys


def _resolved_key(method: dict[str, Any], document_id: str) -> ResolvedKey:
    method_id, controller = method.get("id"), method.get("controller", document_id)
    if not isinstance(method_id, str) or not isinstance(controller, str):
        raise ControllerDocumentError("a verification method lacks an id or controller")
    try:
        public_key: PublicKey
        if method.get("type") == "Multikey":
            public_key = ed25519_public_key_from_multibase(method.get("publicKeyMultibase"))
        elif method.get("type") == "JsonWebKey":
            public_key = p256_public_key_from_jwk(method.get("publicKeyJwk") or {})
        else:
            raise ControllerDocumentError(f"unsupported key type {method.get('type')!r}")
        revoked = parse_datetime(method["revoked"]) if "revoked" in method else None
    except KeyEncodingError as error:
        raise ControllerDocumentError(f"{method_id}: {error}") from error
    except InvalidDateTimeError as error:
        raise ControllerDocumentError(f"{method_id}: bad revoked time: {error}") from error
    return ResolvedKey(method_id, controller, public_key, revoked)
