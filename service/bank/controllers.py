"""Bank routes: thin adapters from HTTP to ``service.bank.services`` (authors and admins)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Annotated, Any
from uuid import UUID

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from itembank import BankComposition, ExportFormat, ItemStatus, Kind
from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.bank import services
from service.bank.import_request import SETTING_NAMES, import_format, import_options
from service.bank.schemas import (
    Bank,
    BankCreate,
    Composition,
    DomainComposition,
    ImportAssumption,
    ImportResult,
    ItemDetail,
    ItemSummary,
    KindCounts,
    Revision,
    SkippedQuestionView,
)
from service.bank.store import (
    BankRecord,
    ItemRecord,
    bank_record,
    item_record,
    revision_record,
)
from service.content_disposition import content_disposition
from service.pagination import Limit, LimitOffset, Page, page
from service.path_params import ExternalIdPath, Offset
from service.settings import Settings
from service.uploads import read_upload

AUTHORS = allow(Role.AUTHOR, Role.ADMIN)
DbSession = NamedDependency[AsyncSession]


def bank_view(bank: BankRecord, item_count: int) -> Bank:
    return Bank(
        id=bank.id,
        name=bank.name,
        description=bank.description,
        created_by=bank.created_by,
        created_at=bank.created_at,
        item_count=item_count,
    )


def item_summary(row: ItemRecord) -> ItemSummary:
    return msgspec.convert(row, ItemSummary, from_attributes=True)


def import_result(report: services.ImportReport) -> ImportResult:
    return ImportResult(
        created=report.created,
        revised=report.revised,
        unchanged=report.unchanged,
        state_changed=report.state_changed,
        not_in_file=list(report.not_in_file),
        domains_described=report.domains_described,
        skipped=[
            SkippedQuestionView(
                type=skipped.question_type,
                line=skipped.line,
                title=skipped.title,
                element=skipped.element,
                reason=skipped.reason,
            )
            for skipped in report.skipped
        ],
        assumptions=[
            ImportAssumption(
                item=assumption.item,
                line=assumption.line,
                assumed=dict(assumption.assumed),
                notes=list(assumption.notes),
            )
            for assumption in report.assumptions
        ],
    )


def _kind_counts(counts: Mapping[Kind, int]) -> KindCounts:
    return KindCounts(**{kind.value: counts[kind] for kind in Kind})


def composition_view(report: BankComposition) -> Composition:
    return Composition(
        domains=[
            DomainComposition(
                domain=row.domain,
                active_by_kind=_kind_counts(row.active_by_kind),
                active_total=row.active_total,
            )
            for row in report.domains
        ],
        active_by_kind=_kind_counts(report.active_by_kind),
        active_total=report.active_total,
        items_by_status={status.value: n for status, n in report.items_by_status.items()},
        recall_share=round(report.recall_share, 4),
    )


async def item_detail(
    db_session: AsyncSession, bank_id: FromPath[UUID], external_id: str
) -> ItemDetail:
    row = item_record(await services.get_item(db_session, bank_id, external_id))
    revisions = [revision_record(r) for r in await services.item_revisions(db_session, row.id)]
    return ItemDetail(
        item=item_summary(row),
        content=revisions[0].content,
        revisions=[
            Revision(
                number=revision.number,
                fingerprint=revision.fingerprint,
                created_at=revision.created_at,
                created_by=revision.created_by,
                content=revision.content,
            )
            for revision in revisions
        ],
    )


async def _upload(
    request: Request[Any, Any, Any], filename: str | None, settings: dict[str, str | None]
) -> tuple[bytes, str | None, str | None]:
    """The uploaded file (see `service.uploads`); a form's setting fields override the query."""
    upload = await read_upload(
        request,
        missing_detail="a multipart upload needs a file in the `file` field",
        text_fields=SETTING_NAMES,
    )
    settings.update(upload.form_fields)
    return upload.data, filename or upload.filename, upload.media_type


class BankController(Controller):
    path = "/banks"
    tags = ["item banks"]
    opt = AUTHORS

    @post("/", summary="Create a bank")
    async def create(
        self,
        data: JSONBody[BankCreate],
        db_session: DbSession,
        principal: NamedDependency[Principal],
    ) -> Bank:
        bank = await services.create_bank(
            db_session, name=data.name, description=data.description, actor=principal.subject
        )
        return bank_view(bank_record(bank), 0)

    @get("/", summary="List banks, by name")
    async def list_all(
        self, db_session: DbSession, limit: Limit = 100, offset: Offset = 0
    ) -> Page[Bank]:
        bounds = LimitOffset(limit=limit, offset=offset)
        banks, total = await services.list_banks(db_session, bounds)
        return page([bank_view(bank_record(bank), count) for bank, count in banks], total, bounds)

    @get("/{bank_id:uuid}", summary="One bank")
    async def one(self, bank_id: FromPath[UUID], db_session: DbSession) -> Bank:
        bank = bank_record(await services.get_bank(db_session, bank_id))
        return bank_view(bank, await services.item_count(db_session, bank_id))

    @post(
        "/{bank_id:uuid}/imports",
        summary="Import a bank file (YAML, JSON, CSV, Moodle XML, GIFT, Aiken or QTI 3.0)",
        description=(
            "Send the file as the request body with its Content-Type (application/yaml, "
            "application/json, text/csv, application/xml, application/zip, text/plain) or a "
            "`filename` query parameter, or as the `file` field of a multipart form. The "
            "format is told from the name, type and content unless `format` is given. Moodle "
            "XML, GIFT, Aiken and QTI have no kind, domain or tiers: give a `mapping` (JSON: "
            "rules from category paths or tags, defaults, idPrefix) and/or the defaults `kind`, "
            "`domain`, `tiers` (comma-separated), `status`, `idPrefix`, as query parameters or "
            "form fields; the result lists per item what was assumed and every question of an "
            "unsupported type that was skipped. All or nothing: any problem rejects the whole "
            "file with a 422 listing every problem with its line and field or element path."
        ),
    )
    async def import_file(
        self,
        request: Request[Any, Any, Any],
        bank_id: FromPath[UUID],
        db_session: DbSession,
        principal: NamedDependency[Principal],
        settings: NamedDependency[Settings],
        filename: FromQuery[str | None] = None,
        format: FromQuery[str | None] = None,
        mapping: Annotated[str | None, QueryParameter(description="JSON mapping object")] = None,
        kind: FromQuery[str | None] = None,
        domain: FromQuery[str | None] = None,
        tiers: Annotated[str | None, QueryParameter(description="comma-separated tiers")] = None,
        status: FromQuery[str | None] = None,
        id_prefix: Annotated[
            str | None, QueryParameter(name="idPrefix", description="prefix of derived ids")
        ] = None,
    ) -> ImportResult:
        bank = await services.get_bank(db_session, bank_id)
        fields: dict[str, str | None] = {
            "format": format,
            "mapping": mapping,
            "kind": kind,
            "domain": domain,
            "tiers": tiers,
            "status": status,
            "idPrefix": id_prefix,
        }
        data, name, content_type = await _upload(request, filename, fields)
        chosen = import_format(fields["format"])
        options = import_options(fields)
        # Parsing a large file is CPU work; keep the event loop free for other requests.
        parsed = await to_thread.run_sync(
            partial(
                services.parse_upload,
                data,
                filename=name,
                content_type=content_type,
                max_bytes=settings.max_upload_bytes,
                fmt=chosen,
                options=options,
            )
        )
        report = await services.import_bank(db_session, bank, parsed, actor=principal.subject)
        return import_result(report)

    @get("/{bank_id:uuid}/items", summary="List items with filters")
    async def items(
        self,
        bank_id: FromPath[UUID],
        db_session: DbSession,
        kind: FromQuery[Kind | None] = None,
        domain: FromQuery[str | None] = None,
        status: FromQuery[ItemStatus | None] = None,
        tag: FromQuery[str | None] = None,
        q: Annotated[str | None, Parameter(description="text in the stem or id")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[ItemSummary]:
        await services.get_bank(db_session, bank_id)
        found = await services.list_items(
            db_session,
            bank_id,
            kind=kind.value if kind else None,
            domain=domain,
            status=status.value if status else None,
            tag=tag,
            text=q,
            limit=limit,
            offset=offset,
        )
        return page(
            [item_summary(item_record(row)) for row in found.items],
            found.total,
            LimitOffset(limit=limit, offset=offset),
        )

    @get("/{bank_id:uuid}/items/{external_id:str}", summary="One item with its revision history")
    async def item(
        self, bank_id: FromPath[UUID], external_id: ExternalIdPath, db_session: DbSession
    ) -> ItemDetail:
        return await item_detail(db_session, bank_id, external_id)

    @put(
        "/{bank_id:uuid}/items/{external_id:str}",
        summary="Revise an item",
        description="The body is one item in the native bank format (a bank file's item).",
    )
    async def revise(
        self,
        bank_id: FromPath[UUID],
        external_id: ExternalIdPath,
        data: JSONBody[dict[str, Any]],
        db_session: DbSession,
        principal: NamedDependency[Principal],
        settings: NamedDependency[Settings],
    ) -> ItemDetail:
        bank = await services.get_bank(db_session, bank_id)
        await services.revise_item(
            db_session,
            bank,
            external_id,
            data,
            actor=principal.subject,
            max_bytes=settings.max_upload_bytes,
        )
        return await item_detail(db_session, bank_id, external_id)

    @post(
        "/{bank_id:uuid}/items/{external_id:str}/retire", summary="Retire an item", status_code=200
    )
    async def retire(
        self, bank_id: FromPath[UUID], external_id: ExternalIdPath, db_session: DbSession
    ) -> ItemSummary:
        row = await services.set_item_status(db_session, bank_id, external_id, ItemStatus.RETIRED)
        return item_summary(item_record(row))

    @post(
        "/{bank_id:uuid}/items/{external_id:str}/reactivate",
        summary="Make a retired or draft item active",
        status_code=200,
    )
    async def reactivate(
        self, bank_id: FromPath[UUID], external_id: ExternalIdPath, db_session: DbSession
    ) -> ItemSummary:
        row = await services.set_item_status(db_session, bank_id, external_id, ItemStatus.ACTIVE)
        return item_summary(item_record(row))

    @get(
        "/{bank_id:uuid}/export",
        summary="Export the bank: yaml, json, csv, qti (QTI 3.0 package) or moodle (Moodle XML)",
        description=(
            "yaml, json and csv re-import unchanged; a qti package holds every item with its "
            "keys and metadata and one assessment test per exam of the bank, mirroring its "
            "blueprint; moodle is Moodle XML with kind, tiers and status as tags and the domain "
            "as category."
        ),
    )
    async def export(
        self,
        bank_id: FromPath[UUID],
        db_session: DbSession,
        format: FromQuery[ExportFormat] = ExportFormat.YAML,
    ) -> Response[bytes]:
        bank = await services.get_bank(db_session, bank_id)
        exported = await services.export_bank(db_session, bank_id, format, title=bank.name)
        return Response(
            exported.body,
            media_type=exported.media_type,
            headers={
                "Content-Disposition": content_disposition(f"{bank.name}.{exported.extension}")
            },
        )

    @get("/{bank_id:uuid}/composition", summary="Active items per domain and kind, recall share")
    async def composition(self, bank_id: FromPath[UUID], db_session: DbSession) -> Composition:
        await services.get_bank(db_session, bank_id)
        return composition_view(await services.composition(db_session, bank_id))
