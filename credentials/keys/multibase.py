"""The two multibase encodings credentials use: ``z`` (base58btc) and ``u`` (base64url, no padding).

Multibase puts one character in front of the encoded bytes to name the encoding, so a reader
never guesses. Data Integrity proof values and Multikey keys use ``z``; Bitstring Status List
``encodedList`` values use ``u``.
"""

from __future__ import annotations

import base64
import binascii

from credentials.keys.base58btc import InvalidBase58Error, decode_base58btc, encode_base58btc
from credentials.keys.errors import KeyEncodingError

BASE58BTC_PREFIX = "z"
BASE64URL_PREFIX = "u"


class InvalidMultibaseError(KeyEncodingError):
    """A value is not multibase in the expected encoding."""

    def __init__(self, value: object, expected_prefix: str) -> None:
        shown = value if not isinstance(value, str) or len(value) <= 40 else value[:40] + "..."
        super().__init__(f"expected a multibase value with prefix {expected_prefix!r}: {shown!r}")
        self.expected_prefix = expected_prefix


def encode_multibase_base58btc(data: bytes) -> str:
    """Return ``z`` + base58btc(data)."""
    return BASE58BTC_PREFIX + encode_base58btc(data)


def decode_multibase_base58btc(value: object) -> bytes:
    """Decode a ``z``-prefixed value; anything else raises `InvalidMultibaseError`."""
    if not isinstance(value, str) or not value.startswith(BASE58BTC_PREFIX):
        raise InvalidMultibaseError(value, BASE58BTC_PREFIX)
    try:
        return decode_base58btc(value[1:])
    except InvalidBase58Error as error:
        raise InvalidMultibaseError(value, BASE58BTC_PREFIX) from error


def encode_multibase_base64url(data: bytes) -> str:
    """Return ``u`` + base64url(data) without ``=`` padding."""
    return BASE64URL_PREFIX + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_multibase_base64url(value: object) -> bytes:
    """Decode a ``u``-prefixed, unpadded base64url value."""
    if not isinstance(value, str) or not value.startswith(BASE64URL_PREFIX):
        raise InvalidMultibaseError(value, BASE64URL_PREFIX)
    body = value[1:]
    if "=" in body or any(c in body for c in "+/"):
        raise InvalidMultibaseError(value, BASE64URL_PREFIX)
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidMultibaseError(value, BASE64URL_PREFIX) from error
