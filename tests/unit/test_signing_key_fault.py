"""A missing or unusable signing key is the server's fault: a 5xx naming the algorithm."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from service.keys.errors import SigningKeyMissing
from service.keys.services import SigningKey


def test_a_key_of_the_wrong_algorithm_is_a_server_fault_naming_the_wanted_one() -> None:
    p256 = SigningKey(
        "p256-1", "https://i.test/keys/p256-1", "P-256", generate_private_key(SECP256R1())
    )
    with pytest.raises(SigningKeyMissing) as raised:
        p256.ed25519()
    assert raised.value.status >= HTTPStatus.INTERNAL_SERVER_ERROR
    assert raised.value.algorithm == "Ed25519" and raised.value.extra == {"algorithm": "Ed25519"}
    assert "p256-1" in raised.value.detail

    ed = SigningKey("ed-1", "https://i.test/keys/ed-1", "Ed25519", Ed25519PrivateKey.generate())
    with pytest.raises(SigningKeyMissing) as raised:
        ed.p256()
    assert raised.value.extra == {"algorithm": "P-256"}


def test_no_active_key_is_unavailable_not_a_bad_request() -> None:
    fault = SigningKeyMissing("P-256")
    assert fault.status == HTTPStatus.SERVICE_UNAVAILABLE
    assert fault.slug == "signing-key-missing"
    assert fault.detail == "no active P-256 signing key"
