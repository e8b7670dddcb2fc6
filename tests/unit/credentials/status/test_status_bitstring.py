import base64
import gzip
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credentials.status.bitstring import (
    MIN_STATUS_LIST_SIZE,
    StatusBitstring,
    StatusListError,
    StatusListFullError,
    allocate_index,
    allocate_indexes,
)
from tests.unit.credentials.samples import load_fixture


def test_new_list_has_131072_clear_entries_in_16_kib():
    bits = StatusBitstring()
    assert bits.size == MIN_STATUS_LIST_SIZE == 131_072
    assert len(bits.to_bytes()) == 16 * 1024
    assert bits.set_indexes() == []


@pytest.mark.parametrize("size", [MIN_STATUS_LIST_SIZE - 8, MIN_STATUS_LIST_SIZE + 3])
def test_lists_below_the_minimum_or_not_whole_bytes_are_refused(size):
    with pytest.raises(StatusListError):
        StatusBitstring(size)


@pytest.mark.parametrize(("index", "byte", "value"), [(0, 0, 0x80), (7, 0, 0x01), (8, 1, 0x80)])
def test_index_zero_is_the_left_most_bit_of_the_first_byte(index, byte, value):
    bits = StatusBitstring()
    bits.set(index)
    raw = bits.to_bytes()
    assert raw[byte] == value
    assert sum(raw) == value
    bits.set(index, False)
    assert not any(bits.to_bytes())


@pytest.mark.parametrize("index", [-1, MIN_STATUS_LIST_SIZE, True])
def test_out_of_range_indexes_are_refused(index):
    with pytest.raises(StatusListError):
        StatusBitstring().get(index)


def test_encoding_is_multibase_base64url_of_gzip_and_deterministic():
    bits = StatusBitstring()
    bits.set(23)
    encoded = bits.encode()
    assert encoded.startswith("u")
    assert "=" not in encoded and "+" not in encoded and "/" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw == bits.to_bytes()
    assert encoded == bits.encode()


@given(st.sets(st.integers(0, MIN_STATUS_LIST_SIZE - 1), max_size=40))
def test_decode_inverts_encode(indexes):
    bits = StatusBitstring()
    for index in indexes:
        bits.set(index)
    decoded = StatusBitstring.decode(bits.encode())
    assert decoded.set_indexes() == sorted(indexes)


def test_official_1edtech_test_list_has_only_index_23_set():
    document = load_fixture("validator-ob30-bsl-testlist.json")
    bits = StatusBitstring.decode(document["credentialSubject"]["encodedList"])
    assert bits.size == MIN_STATUS_LIST_SIZE
    assert bits.set_indexes() == [23]
    assert bits.get(23) and not bits.get(22) and not bits.get(24)


def _encode_raw(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(data, mtime=0)).decode().rstrip("=")


def test_oversized_lists_are_refused_before_they_are_inflated():
    with pytest.raises(StatusListError, match="larger"):
        StatusBitstring.decode(_encode_raw(bytes(17 * 1024 * 1024)))


@pytest.mark.parametrize(
    "encoded",
    [_encode_raw(bytes(1024)), _encode_raw(bytes(16 * 1024))[:-12], "uAAAA", "zAAAA", None],
)
def test_small_truncated_or_foreign_lists_are_refused(encoded):
    with pytest.raises(StatusListError):
        StatusBitstring.decode(encoded)


def _allocate_many(seed: int, count: int) -> list[int]:
    used: set[int] = set()
    allocated: list[int] = []
    rng = random.Random(seed)
    for _ in range(count):
        index = allocate_index(used, MIN_STATUS_LIST_SIZE, rng)
        assert index not in used
        used.add(index)
        allocated.append(index)
    return allocated


def test_allocation_is_random_unique_and_reproducible():
    first = _allocate_many(7, 200)
    assert len(set(first)) == 200
    assert sorted(first) != list(range(min(first), min(first) + 200))
    assert _allocate_many(7, 200) == first
    assert _allocate_many(8, 200) != first


def test_allocation_finds_the_last_free_indexes_and_then_reports_full():
    size = 64
    used = set(range(size)) - {5, 60}
    rng = random.Random(1)
    found = {allocate_index(used, size, rng) for _ in range(20)}
    assert found == {5, 60}
    with pytest.raises(StatusListFullError):
        allocate_index(set(range(size)), size, rng)


def test_a_batch_of_indexes_is_distinct_free_random_and_reproducible():
    used = set(range(0, MIN_STATUS_LIST_SIZE, 3))
    drawn = allocate_indexes(used, MIN_STATUS_LIST_SIZE, 500, random.Random(3))
    assert len(set(drawn)) == 500
    assert not set(drawn) & used
    assert sorted(drawn) != drawn
    assert allocate_indexes(used, MIN_STATUS_LIST_SIZE, 500, random.Random(3)) == drawn
    assert used == set(range(0, MIN_STATUS_LIST_SIZE, 3)), "the caller's set is left alone"


def test_a_batch_takes_the_last_free_indexes_and_refuses_more_than_are_free():
    size = 64
    used = set(range(size)) - {5, 17, 60}
    assert sorted(allocate_indexes(used, size, 3, random.Random(1))) == [5, 17, 60]
    assert len(allocate_indexes(used, size, 2, random.Random(1))) == 2
    assert allocate_indexes(used, size, 0, random.Random(1)) == []
    with pytest.raises(StatusListFullError):
        allocate_indexes(used, size, 4, random.Random(1))
