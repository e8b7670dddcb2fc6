"""The shape every reader hands to validation: plain values plus a way back to the source.

Readers turn YAML, JSON and CSV into the native structure (dicts, lists, strings) so one
validator states every rule once. A problem is found at a path such as
`("items", 3, "options", 1, "text")`; the reader's `SourceMap` turns that path into the line
and the field name the writer sees (`options[2].text` in YAML, `option_b` in CSV). Lines are
looked up only when a problem is reported, so valid files pay nothing for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from itembank.problems import Problem

PathStep = str | int
Path = tuple[PathStep, ...]


class SourceMap(Protocol):
    def line_of(self, path: Path) -> int | None:
        """The line of the deepest part of `path` present in the file."""
        ...

    def field_of(self, path: Path) -> str | None:
        """The field name to show the writer for `path`."""
        ...


@dataclass(frozen=True, slots=True)
class RawDocument:
    root: object
    source_map: SourceMap
    problems: tuple[Problem, ...] = ()
    """Problems the reader found itself (duplicate keys, CSV columns, ...)."""
    explained: frozenset[Path] = frozenset()
    """Paths such as `("items", 3, "key")` whose problem the reader already reported in its
    own words (an answer fraction, a kind no mapping decides); validation keeps quiet there so
    a writer reads one precise message instead of two."""


def native_field_name(path: Path) -> str | None:
    """`options[2].text` for a path inside an item, `item_sets[1].stimulus` outside items.

    Positions count from 1, as a writer counts the entries of a list.
    """
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        path = path[2:]
    rendered = ""
    for step in path:
        if isinstance(step, int):
            rendered += f"[{step + 1}]"
        else:
            rendered += f".{step}" if rendered else step
    return rendered or None


def item_id_at(root: object, path: Path) -> str | None:
    """The external id of the item that `path` points into, when it has a text id."""
    if len(path) < 2 or path[0] != "items" or not isinstance(path[1], int):
        return None
    items = root.get("items") if isinstance(root, dict) else None
    if not isinstance(items, Sequence) or isinstance(items, str) or path[1] >= len(items):
        return None
    item = items[path[1]]
    external_id = item.get("id") if isinstance(item, dict) else None
    return external_id.strip() if isinstance(external_id, str) and external_id.strip() else None


def locate_problem(root: object, source_map: SourceMap, path: Path, reason: str) -> Problem:
    """Build the `Problem` for `reason` found at `path` of the document `root`."""
    return Problem(
        item=item_id_at(root, path),
        line=source_map.line_of(path),
        field=source_map.field_of(path),
        reason=reason,
    )
