"""Write a bank as the CSV the importer reads (`itembank.importing.csv_reader`): one row per item.

Options are columns `option_a` ... `option_h`, so their ids are the letters A-H in order. An
item whose options have other ids is written with its options relabelled A, B, ... in order
(keys follow), which is the only change a CSV round trip can make; items written by the CSV
importer, Aiken, GIFT and Moodle XML always have letter ids and come back unchanged. A
case-study text is written on the first row of its set. The `objective` column is written
when an item names one; domain descriptions have no place in one row per item and are left out
(re-importing a CSV file leaves the bank's descriptions as they are).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from itembank.importing.csv_reader import OPTION_LETTERS
from itembank.items import Item, ItemSet


def export_csv(items: Sequence[Item], item_sets: Sequence[ItemSet] = ()) -> bytes:
    """The bank as UTF-8 CSV with a byte-order mark, so Excel opens it as UTF-8."""
    width = max((len(item.content.options) for item in items), default=2)
    letters = OPTION_LETTERS[: max(width, 2)]
    header = [
        "id",
        "kind",
        "domain",
        "tiers",
        "format",
        "status",
        "tags",
        "item_set",
        "item_set_stimulus",
        "stem",
        *(f"option_{letter.lower()}" for letter in letters),
        *(f"rationale_{letter.lower()}" for letter in letters),
        "key",
    ]
    with_objective = any(item.objective is not None for item in items)
    if with_objective:
        header.append("objective")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    stimulus_written: set[str] = set()
    for item in items:
        content = item.content
        item_set = content.item_set
        stimulus = ""
        if item_set is not None and item_set.id not in stimulus_written:
            stimulus = item_set.stimulus
            stimulus_written.add(item_set.id)
        relabel = {option.id: OPTION_LETTERS[i] for i, option in enumerate(content.options)}
        texts = [option.text for option in content.options]
        rationales = [option.rationale or "" for option in content.options]
        padding = [""] * (len(letters) - len(texts))
        objective = [item.objective or ""] if with_objective else []
        writer.writerow(
            [
                item.external_id,
                content.kind.value,
                content.domain,
                ";".join(tier.value for tier in content.tiers),
                content.response_format.value,
                item.status.value,
                ";".join(item.tags),
                item_set.id if item_set is not None else "",
                stimulus,
                content.stem,
                *texts,
                *padding,
                *rationales,
                *padding,
                ";".join(relabel[key] for key in content.keys),
                *objective,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
