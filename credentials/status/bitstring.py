"""The bitstring behind a W3C Bitstring Status List, and how indexes are handed out.

One bit per credential: 1 means the status (revoked or suspended) is set. Bit 0 is the
left-most (most significant) bit of the first byte. The published form, ``encodedList``,
is GZIP(bitstring) as unpadded base64url with the multibase prefix ``u``. Lists hold at
least 131,072 entries (16 KiB) so that one index reveals little about who holds it
(herd privacy), which is also why `allocate_index` picks indexes at random.
"""

from __future__ import annotations

import gzip
import random
import zlib

from credentials.errors import CredentialsError
from credentials.keys import decode_multibase_base64url, encode_multibase_base64url

MIN_STATUS_LIST_SIZE = 131_072
MAX_DECODED_BYTES = 16 * 1024 * 1024
"""A decoded list larger than this is refused (a small GZIP can inflate enormously)."""


class StatusListError(CredentialsError):
    """A bitstring, index or encoded list is invalid."""


class StatusListFullError(StatusListError):
    """Every index of the list is in use."""


class StatusBitstring:
    """A mutable bitstring of ``size`` status entries (a multiple of 8, at least 131,072)."""

    __slots__ = ("_bits",)

    def __init__(self, size: int = MIN_STATUS_LIST_SIZE) -> None:
        if size < MIN_STATUS_LIST_SIZE or size % 8:
            raise StatusListError(
                f"a status list needs a multiple of 8 entries, at least {MIN_STATUS_LIST_SIZE}"
            )
        self._bits = bytearray(size // 8)

    @classmethod
    def from_bytes(cls, data: bytes) -> StatusBitstring:
        """Wrap raw (uncompressed) bitstring bytes."""
        if len(data) * 8 < MIN_STATUS_LIST_SIZE:
            raise StatusListError(
                f"the list has {len(data) * 8} entries; at least {MIN_STATUS_LIST_SIZE} needed"
            )
        bitstring = cls(len(data) * 8)
        bitstring._bits[:] = data
        return bitstring

    @classmethod
    def decode(cls, encoded_list: object) -> StatusBitstring:
        """Read an ``encodedList`` value (``u`` + base64url(GZIP(bits)))."""
        try:
            compressed = decode_multibase_base64url(encoded_list)
            inflater = zlib.decompressobj(wbits=31)
            data = inflater.decompress(compressed, MAX_DECODED_BYTES)
        except (ValueError, zlib.error) as error:
            raise StatusListError(
                f"encodedList is not multibase base64url GZIP: {error}"
            ) from error
        if inflater.unconsumed_tail:
            raise StatusListError(f"the decoded list is larger than {MAX_DECODED_BYTES} bytes")
        if not inflater.eof:
            raise StatusListError("encodedList holds a truncated GZIP stream")
        return cls.from_bytes(data)

    def encode(self) -> str:
        """Return the ``encodedList`` value; deterministic (the GZIP header time is zero)."""
        return encode_multibase_base64url(gzip.compress(bytes(self._bits), mtime=0))

    @property
    def size(self) -> int:
        """Number of status entries."""
        return len(self._bits) * 8

    def get(self, index: int) -> bool:
        """Return whether the status at ``index`` is set."""
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        """Set (``True``) or clear (``False``) the status at ``index``."""
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def set_indexes(self) -> list[int]:
        """Return every index whose status is set, in ascending order."""
        return [
            byte * 8 + offset
            for byte, value in enumerate(self._bits)
            if value
            for offset in range(8)
            if value & (0x80 >> offset)
        ]

    def to_bytes(self) -> bytes:
        """Return the raw bitstring bytes."""
        return bytes(self._bits)

    def _locate(self, index: int) -> tuple[int, int]:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self.size:
            raise StatusListError(f"index {index!r} is outside the list (0..{self.size - 1})")
        return index // 8, 0x80 >> (index % 8)


def allocate_index(used: set[int], size: int, rng: random.Random) -> int:
    """Pick a random index in ``range(size)`` not in ``used``; raise when none is left.

    Random (not sequential) indexes keep the position from telling the order of issuance.
    ``rng`` is passed in so tests and replays are deterministic.
    """
    free = size - len({index for index in used if 0 <= index < size})
    if free <= 0:
        raise StatusListFullError(f"all {size} status list indexes are in use")
    if free * 4 >= size:
        while True:
            candidate = rng.randrange(size)
            if candidate not in used:
                return candidate
    return rng.choice([index for index in range(size) if index not in used])


def allocate_indexes(used: set[int], size: int, count: int, rng: random.Random) -> list[int]:
    """Pick ``count`` distinct random free indexes at once, as `allocate_index` would one by one.

    Issuing a batch draws every slot from one read of the list's used indexes; counting the
    free ones once (not once per draw) keeps a batch linear in the list's size.
    """
    taken = {index for index in used if 0 <= index < size}
    free = size - len(taken)
    if count > free:
        raise StatusListFullError(f"{count} indexes asked for, {max(free, 0)} of {size} are free")
    if (free - count) * 4 >= size:
        drawn: list[int] = []
        while len(drawn) < count:
            candidate = rng.randrange(size)
            if candidate not in taken:
                taken.add(candidate)
                drawn.append(candidate)
        return drawn
    return rng.sample([index for index in range(size) if index not in taken], count)
