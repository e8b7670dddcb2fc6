"""Read a native YAML bank into plain values, keeping the node tree for line numbers.

The converter is written out instead of using PyYAML's constructor because the constructor
silently keeps the last of two equal keys (a pasted `stem:` twice must be an error) and would
expand aliases without limit.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from itembank.importing.problems import file_problem
from itembank.importing.raw_document import (
    Path,
    PathStep,
    RawDocument,
    locate_problem,
    native_field_name,
)
from itembank.importing.yaml_nodes import compose_yaml, line_in_node

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset({_STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_HINTS = {
    "mapping values are not allowed": (
        "text containing ': ' must be quoted or written as a block, e.g. `stem: |` "
        "followed by the text indented on the next lines"
    ),
    "but found another document": (
        "the file holds several YAML documents (separated by ---); put all items in one"
    ),
}


class YamlSourceMap:
    def __init__(self, root: Node) -> None:
        self._root = root

    def line_of(self, path: Path) -> int | None:
        return line_in_node(self._root, path)

    def field_of(self, path: Path) -> str | None:
        return native_field_name(path)


def read_yaml(text: str) -> RawDocument:
    """Return the document's values, or raise `BankFileInvalid` if it is not valid YAML."""
    try:
        node = compose_yaml(text)
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, text) from None
    except yaml.YAMLError as error:
        raise file_problem(f"not valid YAML: {error}") from None
    except RecursionError:
        raise file_problem("not a bank file: the YAML is nested far too deeply") from None
    if node is None:
        raise file_problem("the file has no content, only comments or blank lines")
    converter = _NodeConverter(node)
    try:
        root = converter.convert(node, None, None)
    except RecursionError:
        raise file_problem("not a bank file: the YAML is nested far too deeply") from None
    source_map = YamlSourceMap(node)
    problems = tuple(
        locate_problem(root, source_map, path, reason) for path, reason in converter.problems()
    )
    return RawDocument(root=root, source_map=source_map, problems=problems)


class _NodeConverter:
    """Builds plain values; remembers each oddity by node and finds paths only for those.

    Paths are not built while converting because a large bank has hundreds of thousands of
    nodes and, usually, no oddity at all. An oddity is kept as (container, step): the node
    that holds the odd value and the key or position of the value in it.
    """

    def __init__(self, root: Node) -> None:
        self._root = root
        self._oddities: list[tuple[Node | None, PathStep | None, str]] = []
        self._converted: dict[int, object] = {}

    def problems(self) -> list[tuple[Path, str]]:
        if not self._oddities:
            return []
        paths = _paths_of_nodes(self._root)
        return [
            (
                paths.get(id(container), ()) + ((step,) if step is not None else ())
                if container is not None
                else (),
                reason,
            )
            for container, step, reason in self._oddities
        ]

    def convert(self, node: Node, container: Node | None, step: PathStep | None) -> object:
        if type(node) is ScalarNode:
            if node.tag != _STR_TAG:
                self._unsupported_tag(node, container, step)
            if node.style is None and node.value in _NULLS:
                return None
            return node.value
        if id(node) in self._converted:
            self._oddities.append(
                (
                    container,
                    step,
                    "anchors and aliases (&name, *name) are not supported; write it out",
                )
            )
            return self._converted[id(node)]
        self._converted[id(node)] = None
        if node.tag not in _PLAIN_TAGS:
            self._unsupported_tag(node, container, step)
        value: object
        if isinstance(node, SequenceNode):
            value = [self.convert(child, node, index) for index, child in enumerate(node.value)]
        elif isinstance(node, MappingNode):
            value = self._mapping(node)
        else:
            raise TypeError(f"unexpected YAML node {node!r}")
        self._converted[id(node)] = value
        return value

    def _mapping(self, node: MappingNode) -> dict[str, object]:
        values: dict[str, object] = {}
        for key, value in node.value:
            if type(key) is not ScalarNode:
                self._oddities.append(
                    (node, None, "a field name must be plain text, not a list or mapping")
                )
                continue
            name = key.value
            if name in values:
                self._repeated_key(node, name)
            if type(value) is ScalarNode and value.tag == _STR_TAG:
                values[name] = (
                    None if value.style is None and value.value in _NULLS else value.value
                )
            else:
                values[name] = self.convert(value, node, name)
        return values

    def _repeated_key(self, node: MappingNode, name: str) -> None:
        first = next(key for key, _ in node.value if key.value == name)
        self._oddities.append(
            (
                node,
                name,
                f"field '{name}' appears more than once (first on line "
                f"{first.start_mark.line + 1}); keep only one",
            )
        )

    def _unsupported_tag(self, node: Node, container: Node | None, step: PathStep | None) -> None:
        self._oddities.append(
            (
                container,
                step,
                f"YAML tags such as '{node.tag}' are not supported; write plain values",
            )
        )


def _paths_of_nodes(root: Node) -> dict[int, Path]:
    """The first path, in document order, at which each collection node occurs."""
    paths: dict[int, Path] = {}
    pending: list[tuple[Node, Path]] = [(root, ())]
    while pending:
        node, path = pending.pop()
        if id(node) in paths:
            continue
        paths[id(node)] = path
        children: list[tuple[Node, Path]] = []
        if isinstance(node, SequenceNode):
            children = [(child, (*path, index)) for index, child in enumerate(node.value)]
        elif isinstance(node, MappingNode):
            children = [
                (value, (*path, key.value))
                for key, value in node.value
                if isinstance(key, ScalarNode)
            ]
        pending.extend(reversed(children))
    return paths


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Exception:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    problem = error.problem or "cannot be parsed"
    context = f"{error.context}: " if error.context else ""
    hint = next((text for start, text in _HINTS.items() if problem.startswith(start)), None)
    if mark is not None and _character_at(text, mark.line, mark.column) == "\t":
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    suffix = f"; {hint}" if hint else ""
    return file_problem(f"not valid YAML: {context}{problem}{where}{suffix}", line=line)


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""
