"""What a bank holds: active items per domain and kind, and how much of it is pure recall.

Program owners read this before defining an exam: a blueprint can only draw on active
items, and the recall cap (20% by default) needs enough non-recall items in every domain.
The report takes only (domain, kind, status) per item, so the service can feed it straight
from a database query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from itembank.items import ItemStatus, Kind


@dataclass(frozen=True, slots=True)
class DomainComposition:
    domain: str
    active_by_kind: Mapping[Kind, int]
    """Every kind is present, with 0 where the domain has no active item of that kind."""
    active_total: int


@dataclass(frozen=True, slots=True)
class BankComposition:
    """`domains` is sorted by code and includes domains whose items are all draft or retired."""

    domains: tuple[DomainComposition, ...]
    active_by_kind: Mapping[Kind, int]
    active_total: int
    items_by_status: Mapping[ItemStatus, int]
    recall_share: float
    """Active recall items / active items; 0.0 for a bank without active items."""


def bank_composition(items: Iterable[tuple[str, Kind, ItemStatus]]) -> BankComposition:
    """Summarise items given as (domain, kind, status)."""
    active: Counter[tuple[str, Kind]] = Counter()
    by_status: Counter[ItemStatus] = Counter()
    domains: set[str] = set()
    for domain, kind, status in items:
        domains.add(domain)
        by_status[status] += 1
        if status is ItemStatus.ACTIVE:
            active[domain, kind] += 1
    rows = tuple(
        DomainComposition(
            domain=domain,
            active_by_kind={kind: active[domain, kind] for kind in Kind},
            active_total=sum(active[domain, kind] for kind in Kind),
        )
        for domain in sorted(domains)
    )
    by_kind = {kind: sum(row.active_by_kind[kind] for row in rows) for kind in Kind}
    total = sum(by_kind.values())
    return BankComposition(
        domains=rows,
        active_by_kind=by_kind,
        active_total=total,
        items_by_status={status: by_status[status] for status in ItemStatus},
        recall_share=by_kind[Kind.RECALL] / total if total else 0.0,
    )
