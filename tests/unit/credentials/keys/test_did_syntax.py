"""DID syntax follows the DID Core ABNF exactly: what it allows passes, anything else fails."""

from __future__ import annotations

import pytest

from credentials.keys.did_syntax import MAX_DID_LENGTH, did_syntax_problem, is_did

VALID = [
    "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    "did:web:example.com",
    "did:web:example.com:user:alice",
    "did:example:123456789abcdefghi",
    "did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w",
    "did:web:localhost%3A8443",
    "did:a1:x",
    "did:example:a::b",
]
INVALID = [
    "",
    "did:",
    "did:key",
    "did:key:",
    "did:Key:abc",
    "did:ke_y:abc",
    "DID:key:abc",
    "did::abc",
    "did:key:abc:",
    "did:web:example.com/path",
    "did:web:example.com?query=1",
    "did:web:example.com#key-1",
    "did:web:exa mple.com",
    "did:web:example.com\n",
    "did:web:%zz",
    "did:web:%4",
    "did:web:ex\u00e9mple",
    "urn:uuid:0b9f1c1e-5b3c-4b6e-8d0a-1b2c3d4e5f60",
    "https://example.com",
    "did:key:" + "z" * MAX_DID_LENGTH,
]


@pytest.mark.parametrize("value", VALID)
def test_valid_dids(value: str) -> None:
    assert did_syntax_problem(value) is None
    assert is_did(value)


@pytest.mark.parametrize("value", INVALID)
def test_invalid_dids(value: str) -> None:
    problem = did_syntax_problem(value)
    assert problem is not None and problem
    assert not is_did(value)
