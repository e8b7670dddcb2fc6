import base64
import json
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

from credentials.proofs.vc_jwt import (
    VcJwtError,
    decode_vc_jwt,
    encode_vc_jwt,
    read_vc_jwt_header,
)
from tests.unit.credentials.samples import ISSUED_AT, ISSUER_ID, VALID_UNTIL, unsigned_credential

SIGNING_KEY = ec.derive_private_key(123456789, ec.SECP256R1())
KID = f"{ISSUER_ID}#es256-1"
DURING = datetime(2027, 1, 1, tzinfo=UTC)


def key_for(kid: str) -> EllipticCurvePublicKey | None:
    return SIGNING_KEY.public_key() if kid == KID else None


def token(**overrides) -> str:
    return encode_vc_jwt(unsigned_credential(**overrides), SIGNING_KEY, KID, ISSUED_AT)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_header_and_claims_follow_ob30():
    credential = unsigned_credential()
    encoded = encode_vc_jwt(credential, SIGNING_KEY, KID, ISSUED_AT)
    assert read_vc_jwt_header(encoded) == {"alg": "ES256", "typ": "JWT", "kid": KID}
    verified = decode_vc_jwt(encoded, key_for, now=DURING)
    assert verified.kid == KID
    assert verified.credential == credential
    assert "vc" not in verified.payload
    assert verified.payload["iss"] == ISSUER_ID
    assert verified.payload["sub"] == credential["credentialSubject"]["id"]
    assert verified.payload["jti"] == credential["id"]
    assert verified.payload["nbf"] == int(ISSUED_AT.timestamp())
    assert verified.payload["exp"] == int(VALID_UNTIL.timestamp())
    assert verified.payload["iat"] == int(ISSUED_AT.timestamp())


def test_without_valid_until_there_is_no_exp_claim():
    verified = decode_vc_jwt(token(valid_until=None), key_for, now=datetime(2099, 1, 1, tzinfo=UTC))
    assert "exp" not in verified.payload


def test_changed_payload_fails():
    header, payload, signature = token().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["name"] = "Expert"
    with pytest.raises(VcJwtError, match="signature"):
        decode_vc_jwt(".".join([header, b64(claims), signature]), key_for, now=DURING)


def test_other_key_or_unknown_kid_fails():
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    with pytest.raises(VcJwtError):
        decode_vc_jwt(token(), lambda kid: other, now=DURING)
    with pytest.raises(VcJwtError, match="unknown key"):
        decode_vc_jwt(token(), lambda kid: None, now=DURING)


def test_time_window_is_checked_against_the_given_clock():
    with pytest.raises(VcJwtError, match="not valid yet"):
        decode_vc_jwt(token(), key_for, now=datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(VcJwtError, match="expired"):
        decode_vc_jwt(token(), key_for, now=VALID_UNTIL)
    assert decode_vc_jwt(token(), key_for, now=None).kid == KID


def test_alg_none_and_hmac_tokens_are_refused():
    credential = unsigned_credential()
    unsigned = b64({"alg": "none", "typ": "vc+jwt", "kid": KID}) + "." + b64(credential) + "."
    with pytest.raises(VcJwtError, match="alg"):
        decode_vc_jwt(unsigned, key_for, now=DURING)
    hmac = jwt.encode(credential, "secret" * 8, algorithm="HS256", headers={"kid": KID})
    with pytest.raises(VcJwtError, match="alg"):
        decode_vc_jwt(hmac, key_for, now=DURING)


def test_claims_that_contradict_the_credential_are_refused():
    credential = unsigned_credential()
    payload = credential | {"iss": "https://evil.example", "nbf": int(ISSUED_AT.timestamp())}
    forged = jwt.encode(
        payload, SIGNING_KEY, algorithm="ES256", headers={"typ": "vc+jwt", "kid": KID}
    )
    with pytest.raises(VcJwtError, match="iss"):
        decode_vc_jwt(forged, key_for, now=DURING)


def test_tokens_issued_with_the_earlier_header_still_verify():
    credential = unsigned_credential()
    claims = {
        "iss": ISSUER_ID,
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": int(ISSUED_AT.timestamp()),
        "exp": int(VALID_UNTIL.timestamp()),
        "iat": int(ISSUED_AT.timestamp()),
    }
    legacy = jwt.encode(
        credential | claims,
        SIGNING_KEY,
        algorithm="ES256",
        headers={"typ": "vc+jwt", "cty": "vc", "kid": KID},
    )
    assert decode_vc_jwt(legacy, key_for, now=DURING).credential == credential


def test_headers_outside_ob30_are_refused():
    extras = ({"typ": "JWT", "kid": KID, "cty": "vc"}, {"typ": "JWT", "kid": KID, "x5u": "u"})
    for headers in extras:
        forged = jwt.encode(unsigned_credential(), SIGNING_KEY, algorithm="ES256", headers=headers)
        with pytest.raises(VcJwtError, match="not allowed"):
            decode_vc_jwt(forged, key_for, now=DURING)


def test_wrong_typ_is_refused():
    forged = jwt.encode(
        unsigned_credential(), SIGNING_KEY, algorithm="ES256", headers={"typ": "at+jwt", "kid": KID}
    )
    with pytest.raises(VcJwtError, match="typ"):
        decode_vc_jwt(forged, key_for, now=DURING)


def test_signing_refuses_secured_credentials_and_other_curves():
    with pytest.raises(VcJwtError):
        encode_vc_jwt(unsigned_credential() | {"proof": []}, SIGNING_KEY, KID, ISSUED_AT)
    p384 = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(VcJwtError):
        encode_vc_jwt(unsigned_credential(), p384, KID, ISSUED_AT)


def test_garbage_is_not_a_jws():
    with pytest.raises(VcJwtError):
        read_vc_jwt_header("not-a-token")
