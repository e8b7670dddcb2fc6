"""CSV uploads of accounts and of memberships: all or nothing, every problem at once.

Like bank imports, a file with any bad line changes nothing, and the answer names each
problem by line, field and reason, so an admin fixes the whole file in one pass. Accounts are
matched by external id (the CRM's id): a known one is updated, a new one created. Lines are
numbered as a spreadsheet shows them (the header is line 1).

Accounts file: ``external_id,name`` plus any ``metadata.<key>`` columns (texts; an empty cell
leaves that key out). Memberships file: ``learner_id,account_external_id`` and optionally
``job_role``; each learner is added to, or moved into, the named account.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import store
from service.accounts.errors import AccountUploadRejected, AccountUploadTooLarge
from service.accounts.services import (
    MAX_METADATA_KEY_LENGTH,
    announce_membership_change,
    metadata_problems,
)
from service.errors import Problem
from service.wire import NAME_LENGTH, character_problem

MAX_UPLOAD_BYTES = 5_000_000
MAX_ROWS = 50_000
METADATA_PREFIX = "metadata."
JOB_ROLE_LENGTH = 100


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class _Sheet:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _read(data: bytes, what: str) -> _Sheet:
    if len(data) > MAX_UPLOAD_BYTES:
        raise AccountUploadTooLarge(what, MAX_UPLOAD_BYTES, "bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AccountUploadRejected(
            what, [Problem(f"is not UTF-8 text (byte {exc.start})", "file")]
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise AccountUploadRejected(
            what, [Problem(f"is not valid CSV: {exc}", "file", line=reader.line_num)]
        ) from exc
    if not lines:
        raise AccountUploadRejected(what, [Problem("is empty: a header line is needed", "file")])
    header = [name.strip() for name in lines[0]]
    sheet = _Sheet(header)
    if len(lines) - 1 > MAX_ROWS:
        raise AccountUploadTooLarge(what, MAX_ROWS, "lines")
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        if len(cells) > len(header):
            row["\0extra"] = "x"
        sheet.rows.append((number, row))
    return sheet


def _header_problems(
    header: list[str], required: tuple[str, ...], optional: set[str], *, metadata: bool
) -> list[Problem]:
    problems = [
        Problem(f"the header has no `{name}` column", name, line=1)
        for name in required
        if name not in header
    ]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(f"the column `{name}` appears twice", name, line=1))
        seen.add(name)
        known = name in required or name in optional
        known = known or (metadata and name.startswith(METADATA_PREFIX))
        if not known:
            problems.append(Problem(f"unknown column `{name}`", name, line=1))
    return problems


def _cell_problems(line: int, row: dict[str, str], limits: dict[str, int]) -> Iterator[Problem]:
    if "\0extra" in row:
        yield Problem("has more cells than the header has columns", None, line=line)
    for name, limit in limits.items():
        value = row.get(name, "")
        if len(value) > limit:
            yield Problem(f"must have at most {limit} characters", name, line=line)
        elif (reason := character_problem(value)) is not None:
            yield Problem(reason, name, line=line)


async def import_accounts(session: AsyncSession, data: bytes) -> ImportCounts:
    """Create or update every account in the file, or none (``AccountUploadRejected``)."""
    sheet = _read(data, "accounts")
    metadata_columns = [name for name in sheet.header if name.startswith(METADATA_PREFIX)]
    problems = _header_problems(sheet.header, ("external_id", "name"), set(), metadata=True)
    for name in metadata_columns:
        key = name[len(METADATA_PREFIX) :]
        if not key or len(key) > MAX_METADATA_KEY_LENGTH:
            problems.append(Problem("names no metadata key, or too long a one", name, line=1))
    if problems:
        raise AccountUploadRejected("accounts", problems)
    first_line: dict[str, int] = {}
    wanted: list[tuple[str, str, dict[str, str | int | float | bool | None] | None]] = []
    for line, row in sheet.rows:
        line_problems = list(
            _cell_problems(line, row, {"external_id": NAME_LENGTH, "name": NAME_LENGTH})
        )
        external_id, name = row.get("external_id", ""), row.get("name", "")
        if not external_id:
            line_problems.append(Problem("must not be empty", "external_id", line=line))
        elif external_id in first_line:
            line_problems.append(
                Problem(
                    f"repeats the account of line {first_line[external_id]}",
                    "external_id",
                    line=line,
                )
            )
        else:
            first_line[external_id] = line
        if not name:
            line_problems.append(Problem("must not be empty", "name", line=line))
        metadata: dict[str, str | int | float | bool | None] = {
            column[len(METADATA_PREFIX) :]: row[column]
            for column in metadata_columns
            if row.get(column)
        }
        line_problems += [
            Problem(p.message, METADATA_PREFIX + (p.field or "").partition(".")[2], line=line)
            for p in metadata_problems(metadata)
        ]
        problems += line_problems
        wanted.append((external_id, name, metadata or None))
    if problems:
        raise AccountUploadRejected("accounts", problems)
    known = await store.accounts_by_external_id(session)
    counts = ImportCounts()
    for external_id, name, extra in wanted:
        account = known.get(external_id)
        if account is None:
            await store.insert_account(session, name, external_id, extra)
            counts.created += 1
        elif account.name == name and account.metadata == extra:
            counts.unchanged += 1
        else:
            await store.update_account(session, account.id, {"name": name, "metadata": extra})
            counts.updated += 1
    return counts


async def import_memberships(
    session: AsyncSession, data: bytes, *, now: datetime, by: str
) -> ImportCounts:
    """Add or move every learner in the file, or none (``AccountUploadRejected``).

    ``created`` counts learners who had no account, ``updated`` those moved or given another
    job role, ``unchanged`` those already where the file puts them.
    """
    sheet = _read(data, "memberships")
    problems = _header_problems(
        sheet.header, ("learner_id", "account_external_id"), {"job_role"}, metadata=False
    )
    if problems:
        raise AccountUploadRejected("memberships", problems)
    known = await store.accounts_by_external_id(session)
    first_line: dict[str, int] = {}
    wanted: list[tuple[str, str, str | None]] = []
    for line, row in sheet.rows:
        problems += _cell_problems(
            line,
            row,
            {
                "learner_id": NAME_LENGTH,
                "account_external_id": NAME_LENGTH,
                "job_role": JOB_ROLE_LENGTH,
            },
        )
        learner_id, external_id = row.get("learner_id", ""), row.get("account_external_id", "")
        if not learner_id:
            problems.append(Problem("must not be empty", "learner_id", line=line))
        elif learner_id in first_line:
            problems.append(
                Problem(
                    f"repeats the learner of line {first_line[learner_id]}", "learner_id", line=line
                )
            )
        else:
            first_line[learner_id] = line
        if not external_id:
            problems.append(Problem("must not be empty", "account_external_id", line=line))
        elif external_id not in known:
            problems.append(
                Problem(
                    f"no account has the external id {external_id!r}",
                    "account_external_id",
                    line=line,
                )
            )
        wanted.append((learner_id, external_id, row.get("job_role") or None))
    if problems:
        raise AccountUploadRejected("memberships", problems)
    current = await store.memberships_by_learner(session)
    counts = ImportCounts()
    for learner_id, external_id, job_role in wanted:
        before = current.get(learner_id)
        changed = await store.save_membership(
            session, learner_id, known[external_id].id, job_role, now=now, by=by
        )
        if changed:
            await announce_membership_change(
                session,
                learner_id,
                before.account_id if before is not None else None,
                known[external_id].id,
                now=now,
            )
        if not changed:
            counts.unchanged += 1
        elif before is None:
            counts.created += 1
        else:
            counts.updated += 1
    return counts
