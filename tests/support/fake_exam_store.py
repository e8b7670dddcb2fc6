"""An in-memory stand-in for ``service.exams.store``, for fast use-case tests.

Same functions, same arguments (the session is taken and ignored), same values and errors
back. tests/integration/test_store_contracts.py runs one set of assertions against this fake
and against the real store on both databases, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from uuid_utils.compat import uuid7

from service.exams.errors import CertificationNotFound, ExamNotFound
from service.exams.store import CertificationRecord, ExamRecord, ExamSettings
from service.pagination import LimitOffset

CREATED_AT = datetime(2026, 1, 1, tzinfo=UTC)


class FakeExamStore:
    def __init__(self) -> None:
        self.banks: set[UUID] = set()
        self.certifications: dict[UUID, CertificationRecord] = {}
        self.exams: dict[UUID, ExamRecord] = {}

    def add_bank(self) -> UUID:
        bank_id = uuid7()
        self.banks.add(bank_id)
        return bank_id

    async def exam_row(self, session: Any, exam_id: UUID) -> ExamRecord:
        return await self.load_exam(session, exam_id)

    async def load_exam(self, session: Any, exam_id: UUID) -> ExamRecord:
        try:
            return self.exams[exam_id]
        except KeyError:
            raise ExamNotFound(exam_id) from None

    async def certification_row(self, session: Any, certification_id: UUID) -> CertificationRecord:
        return await self.load_certification(session, certification_id)

    async def load_certification(self, session: Any, certification_id: UUID) -> CertificationRecord:
        try:
            return self.certifications[certification_id]
        except KeyError:
            raise CertificationNotFound(certification_id) from None

    async def certification_or_none(
        self, session: Any, certification_id: UUID
    ) -> CertificationRecord | None:
        return self.certifications.get(certification_id)

    async def certification_named_other(
        self, session: Any, name: str, certification_id: UUID
    ) -> bool:
        return any(
            c.name == name and c.id != certification_id for c in self.certifications.values()
        )

    async def update_certification(
        self, session: Any, certification_id: UUID, **values: Any
    ) -> CertificationRecord:
        record = msgspec.structs.replace(
            await self.load_certification(session, certification_id), **values
        )
        self.certifications[certification_id] = record
        return record

    async def bank_exists(self, session: Any, bank_id: UUID) -> bool:
        return bank_id in self.banks

    async def certification_named(self, session: Any, name: str) -> bool:
        return any(c.name == name for c in self.certifications.values())

    async def exam_named(self, session: Any, name: str, *, other_than: UUID | None) -> bool:
        return any(e.name == name and e.id != other_than for e in self.exams.values())

    async def add_certification(self, session: Any, **values: Any) -> CertificationRecord:
        values = {"badge_image": None, "badge_media_type": None, **values}
        record = CertificationRecord(id=uuid7(), created_at=CREATED_AT, **values)
        self.certifications[record.id] = record
        return record

    async def save_badge(
        self, session: Any, certification_id: UUID, content: bytes, media_type: str
    ) -> CertificationRecord:
        record = await self.load_certification(session, certification_id)
        record = msgspec.structs.replace(record, badge_image=content, badge_media_type=media_type)
        self.certifications[certification_id] = record
        return record

    async def list_certifications(
        self, session: Any, bounds: LimitOffset
    ) -> tuple[list[CertificationRecord], int]:
        ordered = sorted(self.certifications.values(), key=lambda c: (c.name, c.id))
        return ordered[bounds.offset : bounds.offset + bounds.limit], len(ordered)

    async def save_exam(
        self, session: Any, settings: ExamSettings, exam_id: UUID | None = None
    ) -> ExamRecord:
        retired_at = None
        if exam_id is not None:
            retired_at = (await self.load_exam(session, exam_id)).retired_at
        fields = {name: getattr(settings, name) for name in settings.__struct_fields__}
        record = ExamRecord(id=exam_id or uuid7(), retired_at=retired_at, **fields)
        self.exams[record.id] = record
        return record

    async def retire_exam(self, session: Any, exam_id: UUID, now: datetime) -> ExamRecord:
        record = await self.load_exam(session, exam_id)
        if record.retired_at is None:
            record = msgspec.structs.replace(record, retired_at=now)
            self.exams[exam_id] = record
        return record

    async def list_exams(
        self, session: Any, bounds: LimitOffset, *, retired: bool | None = False
    ) -> tuple[list[tuple[ExamRecord, CertificationRecord]], int]:
        ordered = sorted(
            (
                e
                for e in self.exams.values()
                if retired is None or (e.retired_at is not None) == retired
            ),
            key=lambda e: (e.name, e.id),
        )
        window = ordered[bounds.offset : bounds.offset + bounds.limit]
        return [(e, self.certifications[e.certification_id]) for e in window], len(ordered)
