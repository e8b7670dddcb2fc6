"""Read a native bank written as JSON.

Values come from the standard `json` module, which is fast and exact. Lines are needed only
when there is a problem; then the same text is composed once as YAML (JSON is, for
practical purposes, YAML flow syntax) and searched like a YAML file. If that composition
fails, problems are still reported, just without a line.
"""

from __future__ import annotations

import json

import yaml
from yaml.nodes import Node

from itembank.importing.problems import file_problem
from itembank.importing.raw_document import (
    Path,
    RawDocument,
    locate_problem,
    native_field_name,
)
from itembank.importing.yaml_nodes import compose_yaml, line_in_node


class JsonSourceMap:
    def __init__(self, text: str) -> None:
        self._text = text
        self._root: Node | None = None
        self._composed = False

    def line_of(self, path: Path) -> int | None:
        root = self._node_tree()
        return None if root is None else line_in_node(root, path)

    def field_of(self, path: Path) -> str | None:
        return native_field_name(path)

    def _node_tree(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                # Raw tabs are only whitespace in valid JSON; YAML refuses them there.
                self._root = compose_yaml(self._text.replace("\t", " "))
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root


def read_json(text: str) -> RawDocument:
    """Return the document's values, or raise `BankFileInvalid` if it is not valid JSON."""
    repeated: list[tuple[dict[str, object], str]] = []

    def keep_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
        values: dict[str, object] = {}
        for name, value in pairs:
            if name in values:
                repeated.append((values, name))
            values[name] = value
        return values

    try:
        root = json.loads(text, object_pairs_hook=keep_pairs)
    except json.JSONDecodeError as error:
        raise file_problem(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            line=error.lineno,
        ) from None
    except RecursionError:
        raise file_problem("not a bank file: the JSON is nested far too deeply") from None
    except ValueError as error:
        raise file_problem(f"not valid JSON: {error}") from None
    source_map = JsonSourceMap(text)
    problems = tuple(
        locate_problem(
            root,
            source_map,
            (*_path_to(root, mapping), name),
            f"field '{name}' appears more than once; keep only one",
        )
        for mapping, name in repeated
    )
    return RawDocument(root=root, source_map=source_map, problems=problems)


def _path_to(root: object, target: object) -> Path:
    """The path of the container `target` inside `root` (only used for rare repeated keys)."""
    pending: list[tuple[object, Path]] = [(root, ())]
    while pending:
        value, path = pending.pop()
        if value is target:
            return path
        if isinstance(value, dict):
            pending.extend((child, (*path, name)) for name, child in value.items())
        elif isinstance(value, list):
            pending.extend((child, (*path, index)) for index, child in enumerate(value))
    return ()
