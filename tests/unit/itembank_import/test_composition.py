"""The bank composition report: active items per domain and kind, and the recall share."""

from __future__ import annotations

import pytest

from itembank.composition import bank_composition
from itembank.items import ItemStatus, Kind

A, D, R = ItemStatus.ACTIVE, ItemStatus.DRAFT, ItemStatus.RETIRED


def test_counts_active_items_per_domain_and_kind() -> None:
    report = bank_composition(
        [
            ("reporting.filters", Kind.SCENARIO, A),
            ("reporting.filters", Kind.SCENARIO, A),
            ("reporting.filters", Kind.RECALL, A),
            ("reporting.filters", Kind.RECALL, D),
            ("data.modeling", Kind.DIAGNOSTIC, A),
            ("data.modeling", Kind.RECALL, R),
            ("security.access", Kind.SYNTHESIS, D),
        ]
    )
    assert [row.domain for row in report.domains] == [
        "data.modeling",
        "reporting.filters",
        "security.access",
    ]
    modeling, filters, security = report.domains
    assert dict(filters.active_by_kind) == {
        Kind.SCENARIO: 2,
        Kind.DIAGNOSTIC: 0,
        Kind.SYNTHESIS: 0,
        Kind.RECALL: 1,
    }
    assert (modeling.active_total, filters.active_total, security.active_total) == (1, 3, 0)
    assert dict(report.active_by_kind) == {
        Kind.SCENARIO: 2,
        Kind.DIAGNOSTIC: 1,
        Kind.SYNTHESIS: 0,
        Kind.RECALL: 1,
    }
    assert report.active_total == 4
    assert dict(report.items_by_status) == {A: 4, D: 2, R: 1}
    assert report.recall_share == pytest.approx(0.25)


def test_an_empty_bank_has_no_recall_share() -> None:
    report = bank_composition([])
    assert report.domains == ()
    assert report.active_total == 0
    assert report.recall_share == 0.0
    assert dict(report.items_by_status) == {A: 0, D: 0, R: 0}
