"""Keys: how issuer public keys are written, read and found.

Ed25519 keys as Multikey values (multibase base58btc), P-256 keys as JWKs, the documents that
publish them (Multikey and controller documents), resolving a verification method to a key,
and DID syntax for holder identifiers. The lowest room: it imports no other room.
"""

from credentials.keys.base58btc import InvalidBase58Error, decode_base58btc, encode_base58btc
from credentials.keys.did_syntax import MAX_DID_LENGTH, did_syntax_problem, is_did
from credentials.keys.errors import KeyEncodingError
from credentials.keys.jwk import (
    InvalidJwkError,
    json_web_key_verification_method,
    jwk_thumbprint,
    p256_public_key_from_jwk,
    p256_public_key_to_jwk,
)
from credentials.keys.key_resolution import (
    ControllerDocumentError,
    KeyResolver,
    PublicKey,
    ResolvedKey,
    keys_from_controller_document,
    resolver_from_keys,
)
from credentials.keys.multibase import (
    InvalidMultibaseError,
    decode_multibase_base58btc,
    decode_multibase_base64url,
    encode_multibase_base58btc,
    encode_multibase_base64url,
)
from credentials.keys.multikey import (
    CONTROLLED_IDENTIFIER_CONTEXT,
    MULTIKEY_CONTEXT,
    InvalidMultikeyError,
    controller_document,
    ed25519_private_key_from_multibase,
    ed25519_private_key_to_multibase,
    ed25519_public_key_from_multibase,
    ed25519_public_key_to_multibase,
    multikey_document,
    multikey_verification_method,
    verification_method_id,
)

__all__ = [
    "CONTROLLED_IDENTIFIER_CONTEXT",
    "MAX_DID_LENGTH",
    "MULTIKEY_CONTEXT",
    "ControllerDocumentError",
    "InvalidBase58Error",
    "InvalidJwkError",
    "InvalidMultibaseError",
    "InvalidMultikeyError",
    "KeyEncodingError",
    "KeyResolver",
    "PublicKey",
    "ResolvedKey",
    "controller_document",
    "decode_base58btc",
    "decode_multibase_base58btc",
    "decode_multibase_base64url",
    "did_syntax_problem",
    "ed25519_private_key_from_multibase",
    "ed25519_private_key_to_multibase",
    "ed25519_public_key_from_multibase",
    "ed25519_public_key_to_multibase",
    "encode_base58btc",
    "encode_multibase_base58btc",
    "encode_multibase_base64url",
    "is_did",
    "json_web_key_verification_method",
    "jwk_thumbprint",
    "keys_from_controller_document",
    "multikey_document",
    "multikey_verification_method",
    "p256_public_key_from_jwk",
    "p256_public_key_to_jwk",
    "resolver_from_keys",
    "verification_method_id",
]
