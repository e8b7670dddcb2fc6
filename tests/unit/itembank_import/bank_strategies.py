"""Hypothesis strategies for valid banks, in the canonical form the importer produces."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from itembank.importing import ParsedBank
from itembank.items import (
    Item,
    ItemContent,
    ItemSet,
    ItemStatus,
    Kind,
    Option,
    ResponseFormat,
    Tier,
)

_CHARACTERS = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n\t"
)


def _canonical(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


texts = st.text(_CHARACTERS, min_size=1, max_size=60).map(_canonical).filter(bool)
identifiers = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,20}", fullmatch=True)
option_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}", fullmatch=True)
domains = st.from_regex(r"[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8}){0,2}", fullmatch=True)
tags = (
    st.text(_CHARACTERS, min_size=1, max_size=20)
    .map(_canonical)
    .filter(lambda tag: tag and not any(mark in tag for mark in ",;\n"))
)


def _same_text(text: str) -> str:
    return " ".join(text.casefold().split())


@st.composite
def item_contents(draw: st.DrawFn, item_sets: list[ItemSet]) -> ItemContent:
    response_format = draw(st.sampled_from(ResponseFormat))
    smallest = 3 if response_format is ResponseFormat.MULTIPLE else 2
    count = draw(st.integers(smallest, 8))
    ids = draw(st.lists(option_ids, min_size=count, max_size=count, unique=True))
    option_texts = draw(st.lists(texts, min_size=count, max_size=count, unique_by=_same_text))
    rationales = draw(st.lists(st.none() | texts, min_size=count, max_size=count))
    options = tuple(map(Option, ids, option_texts, rationales))
    if response_format is ResponseFormat.SINGLE:
        key_positions = {draw(st.integers(0, count - 1))}
    else:
        key_positions = set(
            draw(st.lists(st.integers(0, count - 1), min_size=2, max_size=count - 1, unique=True))
        )
    chosen_tiers = draw(st.sets(st.sampled_from(Tier), min_size=1))
    return ItemContent(
        kind=draw(st.sampled_from(Kind)),
        domain=draw(domains),
        tiers=tuple(tier for tier in Tier if tier in chosen_tiers),
        stem=draw(texts),
        response_format=response_format,
        options=options,
        keys=tuple(
            option.id for position, option in enumerate(options) if position in key_positions
        ),
        item_set=draw(st.none() | st.sampled_from(item_sets)) if item_sets else None,
    )


@st.composite
def banks(draw: st.DrawFn) -> ParsedBank:
    set_ids = draw(st.lists(identifiers, max_size=3, unique=True))
    item_sets = [ItemSet(set_id, draw(texts)) for set_id in set_ids]
    external_ids = draw(st.lists(identifiers, min_size=1, max_size=5, unique=True))
    items = tuple(
        Item(
            external_id=external_id,
            content=draw(item_contents(item_sets)),
            status=draw(st.sampled_from(ItemStatus)),
            tags=tuple(draw(st.lists(tags, max_size=4, unique=True))),
        )
        for external_id in external_ids
    )
    used = {item.content.item_set for item in items if item.content.item_set is not None}
    return ParsedBank(items=items, item_sets=tuple(s for s in item_sets if s in used))
