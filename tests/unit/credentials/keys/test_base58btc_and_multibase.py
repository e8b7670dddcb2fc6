import pytest
from hypothesis import given
from hypothesis import strategies as st

from credentials.keys.base58btc import InvalidBase58Error, decode_base58btc, encode_base58btc
from credentials.keys.multibase import (
    InvalidMultibaseError,
    decode_multibase_base58btc,
    decode_multibase_base64url,
    encode_multibase_base58btc,
    encode_multibase_base64url,
)


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        (b"", ""),
        (b"\0", "1"),
        (b"\0\0\x01", "112"),
        (b"hello world", "StV1DL6CwTryKyV"),
        (bytes.fromhex("626262"), "a3gV"),
        (bytes.fromhex("516b6fcd0f"), "ABnLTmg"),
        (
            bytes.fromhex("00eb15231dfceb60925886b67d065299925915aeb172c06647"),
            "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        ),
        (bytes(10), "1111111111"),
    ],
)
def test_base58btc_known_values(raw, encoded):
    assert encode_base58btc(raw) == encoded
    assert decode_base58btc(encoded) == raw


@given(st.binary(max_size=80))
def test_base58btc_round_trips(data):
    assert decode_base58btc(encode_base58btc(data)) == data


@pytest.mark.parametrize("bad", ["0", "O", "I", "l", "abc+"])
def test_base58btc_rejects_characters_outside_the_alphabet(bad):
    with pytest.raises(InvalidBase58Error):
        decode_base58btc(bad)


@given(st.binary(max_size=80))
def test_multibase_round_trips_in_both_encodings(data):
    assert decode_multibase_base58btc(encode_multibase_base58btc(data)) == data
    encoded = encode_multibase_base64url(data)
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert decode_multibase_base64url(encoded) == data


@pytest.mark.parametrize(
    ("decode", "value"),
    [
        (decode_multibase_base58btc, "Qabc"),
        (decode_multibase_base58btc, "z0OIl"),
        (decode_multibase_base58btc, 42),
        (decode_multibase_base64url, "zAAAA"),
        (decode_multibase_base64url, "uAA=="),
        (decode_multibase_base64url, "uA+/B"),
        (decode_multibase_base64url, "uA"),
    ],
)
def test_multibase_rejects_wrong_prefix_or_alphabet(decode, value):
    with pytest.raises(InvalidMultibaseError):
        decode(value)
