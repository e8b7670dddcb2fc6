"""Content fingerprints: stable across releases and editors, blind to status and tags."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from itembank.fingerprint import content_fingerprint
from itembank.importing import BankFormat, parse_bank_file
from itembank.items import Item, ItemContent, ItemSet, ItemStatus, Kind, Option, Tier
from tests.unit.itembank_import.bank_texts import CSV_HEADER, VALID_ITEM, bank, item_with

# sha256 of the canonical JSON of VALID_ITEM, computed outside Python from:
# {"domain":"reporting.filters","fingerprint_version":1,"format":"single","item_set":null,
#  "keys":["A"],"kind":"scenario","options":[{"id":"A","rationale":"It moves with the
#  calendar.","text":"A relative date filter"},{"id":"B","rationale":null,"text":"A fixed
#  date range"}],"stem":"Which filter keeps the last seven complete days?",
#  "tiers":["practitioner"]}   (one line, no spaces outside strings)
PINNED = "2ece58f525f517d37bc5022865f170c03cd508636fe974a1cfab10a9a875f850"


def parsed_item(text: str) -> Item:
    return parse_bank_file(bank(text), BankFormat.YAML).items[0]


def test_fingerprint_of_a_fixed_item_never_changes() -> None:
    """Fingerprints are stored with revisions: a change here would revise every item."""
    assert content_fingerprint(parsed_item(VALID_ITEM)) == PINNED


def test_item_and_its_content_have_the_same_fingerprint() -> None:
    item = parsed_item(VALID_ITEM)
    assert content_fingerprint(item) == content_fingerprint(item.content)
    assert len(content_fingerprint(item)) == 64


def test_status_and_tags_are_not_content() -> None:
    changed = item_with("    key: A\n", "    key: A\n    status: retired\n    tags: [dates]\n")
    assert content_fingerprint(parsed_item(changed)) == PINNED


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("tiers: [practitioner]", "tiers: [ Practitioner ]"),
        ("stem: Which filter", "stem: |\n      Which filter"),
        ("key: A", "key: [A]"),
        ("kind: scenario", "kind: SCENARIO"),
        ("text: A fixed date range", "text: '  A fixed date range  '"),
    ],
)
def test_spelling_differences_in_the_file_are_not_content(old: str, new: str) -> None:
    assert content_fingerprint(parsed_item(item_with(old, new))) == PINNED


def test_tier_and_key_order_in_the_file_are_not_content() -> None:
    multiple = VALID_ITEM.replace("format: single", "format: multiple").replace(
        "      - id: B\n", "      - id: C\n        text: Top N\n      - id: B\n"
    )
    one = multiple.replace("tiers: [practitioner]", "tiers: [expert, foundation]").replace(
        "key: A", "key: [A, B]"
    )
    other = multiple.replace("tiers: [practitioner]", "tiers: [foundation, expert]").replace(
        "key: A", "key: [B, A]"
    )
    assert content_fingerprint(parsed_item(one)) == content_fingerprint(parsed_item(other))


def test_line_endings_and_unicode_normalisation_are_not_content() -> None:
    composed = "Café filters?"
    decomposed = unicodedata.normalize("NFD", composed)
    lf = parse_bank_file(
        (CSV_HEADER + f'X-1,recall,a.b,expert,single,"{composed}\nSecond line",x,y,A\n').encode(),
        BankFormat.CSV,
    )
    crlf = parse_bank_file(
        (
            CSV_HEADER + f'X-1,recall,a.b,expert,single,"{decomposed}\r\nSecond line",x,y,A\n'
        ).encode(),
        BankFormat.CSV,
    )
    assert content_fingerprint(lf.items[0]) == content_fingerprint(crlf.items[0])


CONTENT = ItemContent(
    kind=Kind.SCENARIO,
    domain="reporting.filters",
    tiers=(Tier.PRACTITIONER,),
    stem="Which filter?",
    response_format=parsed_item(VALID_ITEM).content.response_format,
    options=(Option("A", "Relative", "Moves."), Option("B", "Fixed")),
    keys=("A",),
)


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": Kind.DIAGNOSTIC},
        {"domain": "reporting.slicers"},
        {"tiers": (Tier.PRACTITIONER, Tier.EXPERT)},
        {"stem": "Which filter? "},
        {"options": (Option("B", "Fixed"), Option("A", "Relative", "Moves."))},
        {"options": (Option("A", "Relative", "Moves!"), Option("B", "Fixed"))},
        {"options": (Option("A", "Relative"), Option("B", "Fixed"))},
        {"keys": ("B",)},
        {"item_set": ItemSet("CS-1", "Case")},
    ],
)
def test_every_part_of_the_content_counts(changes: dict[str, object]) -> None:
    changed = dataclasses.replace(CONTENT, **changes)  # type: ignore[arg-type]
    assert content_fingerprint(changed) != content_fingerprint(CONTENT)


def test_the_case_study_text_is_part_of_each_items_content() -> None:
    first = dataclasses.replace(CONTENT, item_set=ItemSet("CS-1", "Case"))
    edited = dataclasses.replace(CONTENT, item_set=ItemSet("CS-1", "Case, edited"))
    assert content_fingerprint(first) != content_fingerprint(edited)


def test_status_is_ignored_when_building_items_directly() -> None:
    draft = Item("X-1", CONTENT, ItemStatus.DRAFT, ())
    active = Item("X-1", CONTENT, ItemStatus.ACTIVE, ("t",))
    assert content_fingerprint(draft) == content_fingerprint(active)
