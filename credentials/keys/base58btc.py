"""Base58 with the Bitcoin alphabet, the encoding behind multibase prefix ``z``.

Written here rather than taken from a dependency: it is twenty lines, and Multikey values
and ``proofValue`` strings are short, so the simple big-integer conversion is fast enough.
"""

from __future__ import annotations

from credentials.keys.errors import KeyEncodingError

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {character: position for position, character in enumerate(ALPHABET)}


class InvalidBase58Error(KeyEncodingError):
    """A string holds a character outside the base58btc alphabet."""

    def __init__(self, character: str) -> None:
        super().__init__(f"not a base58btc character: {character!r}")
        self.character = character


def encode_base58btc(data: bytes) -> str:
    """Encode bytes; each leading zero byte becomes a leading ``1``."""
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(ALPHABET[remainder])
    return "1" * leading_zeros + "".join(reversed(digits))


def decode_base58btc(text: str) -> bytes:
    """Decode a base58btc string; each leading ``1`` becomes a leading zero byte."""
    number = 0
    for character in text:
        position = _INDEX.get(character)
        if position is None:
            raise InvalidBase58Error(character)
        number = number * 58 + position
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body
