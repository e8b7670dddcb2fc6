"""The one in-process cache: bounded, least recently used out first, safe across threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from service.lru import Lru


def test_a_read_keeps_an_entry_and_the_least_recently_used_goes_first() -> None:
    cache: Lru[str, int] = Lru(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert "b" not in cache
    assert (cache.get("a"), cache.get("c"), len(cache)) == (1, 3, 2)


def test_threads_never_grow_it_past_its_bound() -> None:
    cache: Lru[int, int] = Lru(64)

    def churn(offset: int) -> None:
        for n in range(2_000):
            cache.put(offset * 10_000 + n, n)
            cache.get(offset * 10_000 + n // 2)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(churn, range(8)))
    assert len(cache) == 64
