"""The item model: what an item writer authors, free of any file format or database.

Content versus state. `ItemContent` is everything that decides what a learner sees, how the
answer is scored and what the item measures (kind, domain, tiers). An item gets a new
immutable revision only when its content changes, so statistics and past results always
refer to exactly what was shown. `status` and `tags` live on `Item`, outside the content:
retiring an item or retagging it for search must not split its statistics across revisions.

The case-study text of an item set is part of the content of every item in the set, because
the learner reads it to answer; editing a stimulus therefore revises all its items.

These values are built valid by `itembank.importing`; nothing here re-checks the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What kind of thinking an item asks for; `recall` (pure fact recall) is capped per form."""

    SCENARIO = "scenario"
    DIAGNOSTIC = "diagnostic"
    SYNTHESIS = "synthesis"
    RECALL = "recall"


class Tier(StrEnum):
    """Certification tiers an item is suitable for, in ascending order of difficulty."""

    FOUNDATION = "foundation"
    PRACTITIONER = "practitioner"
    EXPERT = "expert"


class ResponseFormat(StrEnum):
    """`single`: exactly one key. `multiple`: two or more keys, and at least one wrong option."""

    SINGLE = "single"
    MULTIPLE = "multiple"


class ItemStatus(StrEnum):
    """Only `active` items are delivered; `retired` ones are kept for history and statistics."""

    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


MIN_OPTIONS = 2
MAX_OPTIONS = 8

EXTERNAL_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}", re.ASCII)
"""Item and item-set ids: 1-64 characters, safe in URLs, spreadsheets and file names."""

OPTION_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}", re.ASCII)
DOMAIN_PATTERN = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*", re.ASCII)
MAX_DOMAIN_LENGTH = 100

MAX_TAG_LENGTH = 50
TAG_FORBIDDEN_CHARACTERS = ",;"
"""Separators in spreadsheet cells; forbidding them keeps every tag expressible in CSV."""

MAX_STEM_LENGTH = 10_000
MAX_OPTION_TEXT_LENGTH = 2_000
MAX_RATIONALE_LENGTH = 4_000
MAX_STIMULUS_LENGTH = 50_000


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    text: str
    rationale: str | None = None


@dataclass(frozen=True, slots=True)
class ItemSet:
    """A case study: one shared stimulus, delivered together with all items that reference it."""

    id: str
    stimulus: str


@dataclass(frozen=True, slots=True)
class ItemContent:
    """The revisable part of an item.

    `tiers` are in `Tier` order and `keys` in option order, so that listing them differently
    in a file is not a change of content.
    """

    kind: Kind
    domain: str
    tiers: tuple[Tier, ...]
    stem: str
    response_format: ResponseFormat
    options: tuple[Option, ...]
    keys: tuple[str, ...]
    item_set: ItemSet | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One question as a bank file states it: the writer's id, its content and its state.

    `objective` (the code of the objective of its domain it measures) is state like `tags`:
    re-mapping an item to another objective changes no revision (see `itembank.study`).
    """

    external_id: str
    content: ItemContent
    status: ItemStatus = ItemStatus.DRAFT
    tags: tuple[str, ...] = ()
    objective: str | None = None
