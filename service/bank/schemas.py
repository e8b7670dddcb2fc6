from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from service.wire import LongText, Name, WireModel


class BankCreate(WireModel):
    name: Name
    description: LongText = ""


class Bank(WireModel):
    id: UUID
    name: str
    description: str
    created_by: str
    created_at: datetime
    item_count: int


class SkippedQuestionView(WireModel, omit_defaults=True):
    """A question of a type Accredo does not import (essay, matching ...), named by its line."""

    type: str
    reason: str
    line: int | None = None
    title: str | None = None
    element: str | None = None


class ImportAssumption(WireModel, omit_defaults=True):
    """What an import of a foreign format decided for one item: field -> where it came from."""

    item: str
    assumed: dict[str, str]
    line: int | None = None
    notes: list[str] = []


class ImportResult(WireModel, omit_defaults=True):
    created: int
    revised: int
    unchanged: int
    state_changed: int
    not_in_file: list[str]
    domains_described: int = 0
    skipped: list[SkippedQuestionView] = []
    assumptions: list[ImportAssumption] = []


class ItemSummary(WireModel):
    external_id: str
    status: str
    kind: str
    domain: str
    item_set: str | None
    tags: list[str]
    current_revision: int
    stem: str
    updated_at: datetime
    objective: str | None = None


class Revision(WireModel):
    number: int
    fingerprint: str
    created_at: datetime
    created_by: str
    content: dict[str, Any]


class ItemDetail(WireModel):
    item: ItemSummary
    content: dict[str, Any]
    revisions: list[Revision]


class KindCounts(WireModel):
    scenario: int
    diagnostic: int
    synthesis: int
    recall: int


class DomainComposition(WireModel):
    domain: str
    active_by_kind: KindCounts
    active_total: int


class Composition(WireModel):
    domains: list[DomainComposition]
    active_by_kind: KindCounts
    active_total: int
    items_by_status: dict[str, int]
    recall_share: float
