"""The base of every "this is not readable key material" error of the keys room."""

from __future__ import annotations

from credentials.errors import CredentialsError


class KeyEncodingError(CredentialsError):
    """A key or its encoding (base58btc, multibase, Multikey, JWK) is malformed.

    Resolving a controller document treats all of these alike (the method is unusable), so they
    share this base instead of being listed one by one.
    """
