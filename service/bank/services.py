"""Bank use cases: create and list banks, import files, browse, revise, retire, export.

An import runs in the caller's transaction and either applies completely or raises before
writing anything: the file is parsed and validated in full first, then written with bulk
statements (a 10,000-item file is a handful of round trips, not 20,000).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import String, cast, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from itembank import (
    BankComposition,
    ExamTest,
    ExportedFile,
    ExportFormat,
    Item,
    ItemSet,
    ItemStatus,
    Kind,
    Tier,
    bank_composition,
    bank_document,
    export_bank_file,
)
from itembank.importing import (
    BankFileInvalid,
    BankFormat,
    ImportOptions,
    ItemAssumption,
    ItemChange,
    ParsedBank,
    SkippedQuestion,
    detect_format,
    parse_bank_file,
    plan_import,
)
from service.bank import store
from service.bank.content_codec import content_from_json, content_to_json
from service.bank.errors import (
    BankFileRejected,
    BankNameMissing,
    BankNameNotFound,
    BankNameTaken,
    BankNotFound,
    ItemIdMismatch,
    ItemNotFound,
)
from service.db.models import BankRow, ExamRow, ItemRevisionRow, ItemRow, ItemSetRow
from service.exams.policies import blueprint_from_json
from service.pagination import LimitOffset, window


@dataclass(frozen=True)
class ImportReport:
    created: int
    revised: int
    unchanged: int
    state_changed: int
    not_in_file: tuple[str, ...]
    skipped: tuple[SkippedQuestion, ...] = ()
    assumptions: tuple[ItemAssumption, ...] = ()
    domains_described: int = 0


@dataclass(frozen=True)
class ItemPage:
    items: Sequence[ItemRow]
    total: int


def _now() -> datetime:
    return datetime.now(UTC)


async def create_bank(session: AsyncSession, *, name: str, description: str, actor: str) -> BankRow:
    name = name.strip()
    if not name:
        raise BankNameMissing()
    if await session.scalar(select(BankRow.id).where(BankRow.name == name)) is not None:
        raise BankNameTaken(name)
    bank = BankRow(name=name, description=description, created_by=actor)
    session.add(bank)
    await session.flush()
    return bank


async def list_banks(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[tuple[BankRow, int]], int]:
    """A window of the banks by name with their item counts, and how many banks there are."""
    counts = select(ItemRow.bank_id, func.count().label("n")).group_by(ItemRow.bank_id).subquery()
    rows, total = await window(
        session,
        select(BankRow, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.bank_id == BankRow.id)
        .order_by(BankRow.name, BankRow.id),
        bounds,
    )
    return [(bank, int(count)) for bank, count in rows], total


async def get_bank(session: AsyncSession, bank_id: UUID) -> BankRow:
    bank = await session.get(BankRow, bank_id)
    if bank is None:
        raise BankNotFound(bank_id)
    return bank


async def find_bank_by_name(session: AsyncSession, name: str) -> BankRow:
    bank = await session.scalar(select(BankRow).where(BankRow.name == name))
    if bank is None:
        raise BankNameNotFound(name)
    return bank


def parse_upload(
    data: bytes,
    *,
    filename: str | None,
    content_type: str | None,
    max_bytes: int,
    fmt: BankFormat | None = None,
    options: ImportOptions | None = None,
) -> ParsedBank:
    """Validate an upload in the format given, or told from its name, type and content."""
    try:
        chosen = fmt or detect_format(filename, content_type, data)
        return parse_bank_file(data, chosen, max_bytes, options=options, filename=filename)
    except BankFileInvalid as error:
        raise BankFileRejected(error) from error


@dataclass(frozen=True)
class _ItemState:
    id: UUID
    fingerprint: str
    current_revision: int
    status: str
    tags: list[str]
    objective: str | None


async def _current_state(
    session: AsyncSession, bank_id: UUID, only: Sequence[str] | None
) -> dict[str, _ItemState]:
    """What a re-import compares against: a few narrow columns, never the item texts."""
    query = select(
        ItemRow.external_id,
        ItemRow.id,
        ItemRow.fingerprint,
        ItemRow.current_revision,
        ItemRow.status,
        ItemRow.tags,
        ItemRow.objective,
    ).where(ItemRow.bank_id == bank_id)
    if only is not None:
        query = query.where(ItemRow.external_id.in_(only))
    return {
        external_id: _ItemState(item_id, fingerprint, revision, status, tags, objective)
        for external_id, item_id, fingerprint, revision, status, tags, objective in (
            await session.execute(query)
        ).all()
    }


async def import_bank(
    session: AsyncSession,
    bank: BankRow,
    parsed: ParsedBank,
    *,
    actor: str,
    whole_bank: bool = True,
) -> ImportReport:
    """Apply a parsed file. ``whole_bank=False`` (one revised item) reads only the items named
    in it, so revising one item of a large bank stays cheap; ``notInFile`` is then empty."""
    await store.lock_for_item_writes(session, bank.id)
    listed = None if whole_bank else [item.external_id for item in parsed.items]
    existing = await _current_state(session, bank.id, listed)
    plan = plan_import({key: row.fingerprint for key, row in existing.items()}, parsed)
    now = _now()
    new_items: list[dict[str, Any]] = []
    new_revisions: list[dict[str, Any]] = []
    item_updates: list[dict[str, Any]] = []
    state_changed = 0
    for planned in plan.items:
        item = planned.item
        searchable = _searchable_fields(item)
        row = existing.get(item.external_id)
        if planned.change is ItemChange.CREATED:
            item_id = uuid7()
            new_items.append(
                {
                    "id": item_id,
                    "bank_id": bank.id,
                    "external_id": item.external_id,
                    "current_revision": 1,
                    "fingerprint": planned.fingerprint,
                    "created_at": now,
                    "updated_at": now,
                    **searchable,
                }
            )
            new_revisions.append(_revision(item_id, 1, planned.fingerprint, item, actor, now))
            continue
        assert row is not None
        if planned.change is ItemChange.REVISED:
            number = row.current_revision + 1
            new_revisions.append(_revision(row.id, number, planned.fingerprint, item, actor, now))
            item_updates.append(
                {
                    "id": row.id,
                    "current_revision": number,
                    "fingerprint": planned.fingerprint,
                    "updated_at": now,
                    **searchable,
                }
            )
        elif (
            row.status != item.status.value
            or list(row.tags) != list(item.tags)
            or row.objective != item.objective
        ):
            state_changed += 1
            item_updates.append(
                {
                    "id": row.id,
                    "status": item.status.value,
                    "tags": list(item.tags),
                    "objective": item.objective,
                    "updated_at": now,
                }
            )
    if new_items or item_updates:
        await store.bump_items_version(session, bank.id)
    await _upsert_item_sets(session, bank.id, parsed.item_sets, now)
    described = await store.save_domain_guides(session, bank.id, parsed.domains, now)
    if new_items:
        await session.execute(insert(ItemRow), new_items)
    if item_updates:
        await _bulk_update_items(session, item_updates)
    if new_revisions:
        await session.execute(insert(ItemRevisionRow), new_revisions)
    return ImportReport(
        created=plan.created,
        revised=plan.revised,
        unchanged=plan.unchanged,
        state_changed=state_changed,
        not_in_file=plan.not_in_file,
        skipped=parsed.skipped,
        assumptions=parsed.assumptions,
        domains_described=described,
    )


async def _bulk_update_items(session: AsyncSession, updates: list[dict[str, Any]]) -> None:
    """Group updates by the columns they set, so each group is one executemany."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for values in updates:
        groups.setdefault(tuple(sorted(values)), []).append(values)
    for rows in groups.values():
        await session.execute(update(ItemRow), rows)


def _searchable_fields(item: Item) -> dict[str, Any]:
    content = item.content
    return {
        "status": item.status.value,
        "kind": content.kind.value,
        "domain": content.domain,
        "item_set_external_id": content.item_set.id if content.item_set else None,
        "stem": content.stem,
        "tags": list(item.tags),
        "objective": item.objective,
    }


def _revision(
    item_id: UUID, number: int, fingerprint: str, item: Item, actor: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "item_id": item_id,
        "number": number,
        "fingerprint": fingerprint,
        "content": content_to_json(item.content),
        "created_by": actor,
        "created_at": now,
        "updated_at": now,
    }


async def _upsert_item_sets(
    session: AsyncSession, bank_id: UUID, item_sets: Sequence[ItemSet], now: datetime
) -> None:
    if not item_sets:
        return
    current = {
        row.external_id: row
        for row in (
            await session.scalars(select(ItemSetRow).where(ItemSetRow.bank_id == bank_id))
        ).all()
    }
    for item_set in item_sets:
        row = current.get(item_set.id)
        if row is None:
            session.add(
                ItemSetRow(bank_id=bank_id, external_id=item_set.id, stimulus=item_set.stimulus)
            )
        elif row.stimulus != item_set.stimulus:
            row.stimulus = item_set.stimulus
            row.updated_at = now
    await session.flush()


async def list_items(
    session: AsyncSession,
    bank_id: UUID,
    *,
    kind: str | None = None,
    domain: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ItemPage:
    conditions: list[Any] = [ItemRow.bank_id == bank_id]
    if kind:
        conditions.append(ItemRow.kind == kind)
    if domain:
        conditions.append(or_(ItemRow.domain == domain, ItemRow.domain.startswith(domain + ".")))
    if status:
        conditions.append(ItemRow.status == status)
    if tag:
        conditions.append(cast(ItemRow.tags, String).contains(json.dumps(tag)))
    if text:
        pattern = f"%{text}%"
        conditions.append(or_(ItemRow.stem.ilike(pattern), ItemRow.external_id.ilike(pattern)))
    total = await session.scalar(select(func.count()).select_from(ItemRow).where(*conditions))
    rows = await session.scalars(
        select(ItemRow).where(*conditions).order_by(ItemRow.external_id).limit(limit).offset(offset)
    )
    return ItemPage(items=rows.all(), total=int(total or 0))


async def item_count(session: AsyncSession, bank_id: UUID) -> int:
    count = await session.scalar(
        select(func.count()).select_from(ItemRow).where(ItemRow.bank_id == bank_id)
    )
    return int(count or 0)


async def get_item(session: AsyncSession, bank_id: UUID, external_id: str) -> ItemRow:
    row = await session.scalar(
        select(ItemRow).where(ItemRow.bank_id == bank_id, ItemRow.external_id == external_id)
    )
    if row is None:
        raise ItemNotFound(bank_id, external_id)
    return row


async def item_revisions(session: AsyncSession, item_id: UUID) -> Sequence[ItemRevisionRow]:
    rows = await session.scalars(
        select(ItemRevisionRow)
        .where(ItemRevisionRow.item_id == item_id)
        .order_by(ItemRevisionRow.number.desc())
    )
    return rows.all()


async def current_revision(session: AsyncSession, row: ItemRow) -> ItemRevisionRow:
    revision = await session.scalar(
        select(ItemRevisionRow).where(
            ItemRevisionRow.item_id == row.id, ItemRevisionRow.number == row.current_revision
        )
    )
    assert revision is not None, "an item always has its current revision"
    return revision


async def revise_item(
    session: AsyncSession,
    bank: BankRow,
    external_id: str,
    body: dict[str, Any],
    *,
    actor: str,
    max_bytes: int,
) -> tuple[ItemRow, ImportReport]:
    """Validate one item with exactly the rules of a file import, then apply it."""
    row = await get_item(session, bank.id, external_id)
    fields = dict(body)
    if fields.setdefault("id", external_id) != external_id:
        raise ItemIdMismatch(external_id, fields["id"])
    document: dict[str, Any] = {"items": [fields]}
    set_id = fields.get("item_set")
    if isinstance(set_id, str):
        item_set = await session.scalar(
            select(ItemSetRow).where(
                ItemSetRow.bank_id == bank.id, ItemSetRow.external_id == set_id
            )
        )
        if item_set is not None:
            document["item_sets"] = [{"id": set_id, "stimulus": item_set.stimulus}]
    domain = fields.get("domain")
    if isinstance(domain, str) and fields.get("objective") is not None:
        # The stored description of the item's domain, so its objective is checked against it.
        guides = await store.domain_guides(session, bank.id, [domain.strip()])
        if guides:
            document["domains"] = bank_document([], [], list(guides.values()))["domains"]
    data = json.dumps(document).encode("utf-8")
    try:
        parsed = parse_bank_file(data, BankFormat.JSON, max_bytes)
    except BankFileInvalid as error:
        raise BankFileRejected(error) from error
    report = await import_bank(session, bank, parsed, actor=actor, whole_bank=False)
    await session.refresh(row)
    return row, report


async def set_item_status(
    session: AsyncSession, bank_id: UUID, external_id: str, status: ItemStatus
) -> ItemRow:
    await store.lock_for_item_writes(session, bank_id)
    row = await get_item(session, bank_id, external_id)
    await store.bump_items_version(session, bank_id)
    row.status = status.value
    row.updated_at = _now()
    await session.flush()
    return row


async def bank_items(session: AsyncSession, bank_id: UUID) -> list[Item]:
    """Every item of the bank at its current revision, in external-id order."""
    rows = await session.execute(
        select(ItemRow, ItemRevisionRow.content)
        .join(
            ItemRevisionRow,
            (ItemRevisionRow.item_id == ItemRow.id)
            & (ItemRevisionRow.number == ItemRow.current_revision),
        )
        .where(ItemRow.bank_id == bank_id)
        .order_by(ItemRow.external_id)
    )
    return [
        Item(
            external_id=row.external_id,
            content=content_from_json(content),
            status=ItemStatus(row.status),
            tags=tuple(row.tags),
            objective=row.objective,
        )
        for row, content in rows.all()
    ]


async def export_bank(
    session: AsyncSession, bank_id: UUID, fmt: ExportFormat, title: str = "Accredo bank"
) -> ExportedFile:
    """The bank in `fmt`; a QTI package also holds a test per exam drawing on the bank, and
    YAML and JSON the bank's domain descriptions."""
    items = await bank_items(session, bank_id)
    exams = await _exam_tests(session, bank_id) if fmt is ExportFormat.QTI else []
    guides = await store.domain_guides(session, bank_id)
    return export_bank_file(fmt, items, exams=exams, title=title, domains=list(guides.values()))


async def _exam_tests(session: AsyncSession, bank_id: UUID) -> list[ExamTest]:
    rows = await session.scalars(
        select(ExamRow).where(ExamRow.bank_id == bank_id).order_by(ExamRow.name)
    )
    return [
        ExamTest(
            identifier=f"EXAM-{row.id}",
            title=row.name,
            blueprint=blueprint_from_json(row.blueprint, row.recall_cap),
            time_limit_seconds=row.time_limit_seconds,
            tiers=frozenset(Tier(tier) for tier in row.tiers) if row.tiers else None,
        )
        for row in rows.all()
    ]


async def composition(session: AsyncSession, bank_id: UUID) -> BankComposition:
    rows = await session.execute(
        select(ItemRow.domain, ItemRow.kind, ItemRow.status).where(ItemRow.bank_id == bank_id)
    )
    return bank_composition(
        (domain, Kind(kind), ItemStatus(status)) for domain, kind, status in rows.all()
    )
