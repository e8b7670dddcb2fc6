"""Each exam's prepared assembly pool, kept while its blueprint and candidates stay the same.

A start draws from `itembank.assembly.AssemblyPool`, whose preparation (checking the
candidates, summarising them as units, deciding whether they can make a form) was about 40%
of a draw and the same for every start of an exam until its bank or blueprint changes. The
key is exactly what the pool is computed from: the blueprint's limits and the candidates'
revision ids (a revision never changes); a kept pool is used only if its blueprint is equal
to the one asked for, so two blueprints that reduce to the same limits never share one.
"""

from __future__ import annotations

from collections.abc import Sequence

from itembank.assembly import AssemblyPool, prepare_pool
from itembank.blueprint import Blueprint, Candidate, Limits
from service.lru import Lru

POOLS_KEPT = 256

_pools: Lru[tuple[Limits, tuple[str, ...]], AssemblyPool] = Lru(POOLS_KEPT)


def assembly_pool(blueprint: Blueprint, candidates: Sequence[Candidate]) -> AssemblyPool:
    """Raises what `prepare_pool` raises (invalid candidates), each time it is asked."""
    key = (Limits.of(blueprint), tuple(candidate.revision_id for candidate in candidates))
    kept = _pools.get(key)
    if kept is not None and kept.blueprint == blueprint:
        return kept
    return _pools.put(key, prepare_pool(blueprint, candidates))
