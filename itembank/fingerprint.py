"""A stable fingerprint of item content, so a re-import can tell revised items from unchanged.

The fingerprint is SHA-256 over a canonical JSON rendering of `ItemContent` (sorted keys, no
insignificant whitespace, UTF-8). It is stored next to each revision, so the rendering must
never change silently: a test pins the fingerprint of a fixed item. If the content model
grows, bump `FINGERPRINT_VERSION`, which is part of the hashed document.
"""

from __future__ import annotations

import hashlib
import json

from itembank.items import Item, ItemContent

FINGERPRINT_VERSION = 1


def content_fingerprint(item: Item | ItemContent) -> str:
    """Return the lowercase hex SHA-256 of the item's canonical content."""
    content = item.content if isinstance(item, Item) else item
    canonical = json.dumps(
        _canonical_content(content),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _canonical_content(content: ItemContent) -> dict[str, object]:
    item_set = content.item_set
    return {
        "fingerprint_version": FINGERPRINT_VERSION,
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
        "item_set": None
        if item_set is None
        else {"id": item_set.id, "stimulus": item_set.stimulus},
    }
