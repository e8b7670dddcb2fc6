"""Item content to and from the JSON stored in an immutable revision row.

The stored shape is the service's own (not a file format), so bank file formats can evolve
without rewriting history; it holds everything needed to deliver and score the revision.
"""

from __future__ import annotations

from typing import Any

from itembank import ItemContent, ItemSet, Kind, Option, ResponseFormat, Tier

CONTENT_SCHEMA_VERSION = 1


def content_to_json(content: ItemContent) -> dict[str, Any]:
    return {
        "v": CONTENT_SCHEMA_VERSION,
        "kind": content.kind.value,
        "domain": content.domain,
        "tiers": [tier.value for tier in content.tiers],
        "stem": content.stem,
        "format": content.response_format.value,
        "options": [
            {"id": option.id, "text": option.text, "rationale": option.rationale}
            for option in content.options
        ],
        "keys": list(content.keys),
        "itemSet": None
        if content.item_set is None
        else {"id": content.item_set.id, "stimulus": content.item_set.stimulus},
    }


def content_from_json(stored: dict[str, Any]) -> ItemContent:
    item_set = stored.get("itemSet")
    return ItemContent(
        kind=Kind(stored["kind"]),
        domain=stored["domain"],
        tiers=tuple(Tier(tier) for tier in stored["tiers"]),
        stem=stored["stem"],
        response_format=ResponseFormat(stored["format"]),
        options=tuple(
            Option(id=option["id"], text=option["text"], rationale=option.get("rationale"))
            for option in stored["options"]
        ),
        keys=tuple(stored["keys"]),
        item_set=None
        if item_set is None
        else ItemSet(id=item_set["id"], stimulus=item_set["stimulus"]),
    )
