"""The one shape of "what is wrong with this input" across the item bank core.

Bank files, blueprints, candidate lists, scoring input, retake policies and uploaded
response files all report problems as `Problem`, every problem at once rather than the
first, so the service can turn any of them into one problem-details response without
knowing which room it came from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One mistake in an input, located precisely enough for a person to fix it at once.

    `reason` says what is wrong, in words for a person. The rest says where, each None when
    it does not apply: `field` names the field (`kind_ranges.recall`, `options[3].text`
    with 1-based list positions, or a CSV column); `item` is the writer's external id of
    the item concerned; `line` counts from 1 in an uploaded file (in CSV the header is
    line 1 and a row's line is the physical line where it starts); `file` names which of
    several uploaded files ("responses", "key", "groups").
    """

    reason: str
    field: str | None = None
    item: str | None = None
    line: int | None = None
    file: str | None = None
