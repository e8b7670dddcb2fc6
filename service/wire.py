"""The base of every request and response schema, and the limits every input is held to.

camelCase on the wire, keyword-only construction, and unknown fields rejected so a client's
typo is an error instead of a silently ignored setting.

The limits are the schema's, not the database's: a value is refused at the door with a problem
that names its field, the same way on SQLite and PostgreSQL, instead of failing later at an
``INSERT`` on one engine only or at the first use of an impossible setting. Text limits match
the column sizes in ``service/db/models``; numbers are bounded to what a real programme needs
and always fit a 32-bit column.
"""

from __future__ import annotations

import re
from typing import Annotated

import msgspec
from msgspec import Meta

INT32_MAX = 2_147_483_647
"""The largest value of an ``Integer`` column on PostgreSQL; every integer input stays below."""

MAX_JSON_DEPTH = 32
"""How deeply any JSON body may nest; the deepest real body (an item revision) needs about 6."""

NAME_LENGTH = 200
"""``String(200)``: bank, certification and exam names, learner ids, token subjects and names."""

EMAIL_LENGTH = 320
ITEM_ID_LENGTH = 100
"""``String(100)``: item external ids and domains."""

PUBLIC_ID_LENGTH = 64
"""``String(64)``: credential public ids and key ids."""

TEXT_LENGTH = 20_000
"""Free text kept in ``Text`` columns (descriptions, criteria, reasons, notes)."""

MAX_VALIDITY_DAYS = 36_500
"""A credential valid for 100 years is the longest any programme asks for."""

MAX_WAIT_DAYS = 3_650
"""Retake waits and windows: ten years."""

MAX_TIME_LIMIT_MINUTES = 1_440
"""One exam sitting lasts at most a day."""

MAX_COUNT = 10_000
"""Counts in blueprints and retake policies, list lengths in requests."""

Name = Annotated[str, Meta(min_length=1, max_length=NAME_LENGTH)]
LearnerId = Annotated[str, Meta(min_length=1, max_length=NAME_LENGTH)]
LongText = Annotated[str, Meta(max_length=TEXT_LENGTH)]
Share = Annotated[float, Meta(ge=0, le=1)]
Percent = Annotated[float, Meta(ge=0, le=100)]
Count = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
Int32 = Annotated[int, Meta(ge=0, le=INT32_MAX)]
ValidityDays = Annotated[int, Meta(ge=1, le=MAX_VALIDITY_DAYS)]
WindowDays = Annotated[int, Meta(ge=0, le=MAX_VALIDITY_DAYS)]
WaitDays = Annotated[float, Meta(ge=0, le=MAX_WAIT_DAYS)]
TimeLimitMinutes = Annotated[float, Meta(gt=0, le=MAX_TIME_LIMIT_MINUTES)]


_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def character_problem(text: str) -> str | None:
    """Why ``text`` cannot be accepted, or None.

    NUL cannot be stored in PostgreSQL text, and an unpaired surrogate is not Unicode at all
    (no UTF-8 encoder takes it); neither is ever meaningful input.
    """
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "must not contain the NUL character (U+0000)"
    return f"must not contain the unpaired surrogate U+{ord(found.group()):04X} (not valid Unicode)"


class WireModel(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, rename="camel"):
    pass
