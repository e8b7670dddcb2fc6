"""The stamp a render carries, from the same verdict the page shows (none when verified)."""

from __future__ import annotations

from typing import get_args

from credentials.presentation import StampKind, StatusStamp
from service.public.verdict import PlainVerdict

_KINDS: frozenset[str] = frozenset(get_args(StampKind))


def stamp_for(verdict: PlainVerdict) -> StatusStamp | None:
    if verdict.trusted:
        return None
    kind = verdict.verdict.value
    if kind not in _KINDS:
        raise ValueError(f"no stamp for verdict {kind!r}")
    when = verdict.when.date() if verdict.when is not None else None
    return StatusStamp(kind=kind, on=when)  # type: ignore[arg-type]
