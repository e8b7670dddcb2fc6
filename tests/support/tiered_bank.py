"""A bank whose items carry different tiers, and reading a delivered form back to its items.

Item ``n`` of `tiered_document` has tier ``TIERS[n % 3]``, domain and kind as
`tests.support.bank_files.make_item` gives them; a delivered item's stem names its number,
so a test can tell the tier and kind of every item on a form from the learner's own view.
"""

from __future__ import annotations

import re
from typing import Any

from tests.support.bank_files import make_item

TIERS = ("foundation", "practitioner", "expert")
_NUMBER = re.compile(r"^Question (\d+):")


def tier_of(number: int) -> str:
    return TIERS[number % len(TIERS)]


def tiered_document(count: int) -> dict[str, Any]:
    items = []
    for number in range(1, count + 1):
        item = make_item(number)
        item["tiers"] = [tier_of(number)]
        items.append(item)
    return {"items": items}


def delivered_numbers(attempt: dict[str, Any]) -> list[int]:
    numbers = []
    for item in attempt["items"]:
        found = _NUMBER.match(item["stem"])
        assert found is not None, item["stem"]
        numbers.append(int(found.group(1)))
    return numbers


def kind_of(number: int) -> str:
    return str(make_item(number)["kind"])
