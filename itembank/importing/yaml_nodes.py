"""YAML node trees: composed fast, and searched for the line a problem sits on.

Composing (not loading) keeps each value's position. The loader has no implicit resolvers,
so every scalar stays the text the writer typed: `0012` is not the number 10, `No` is not
false. libyaml's parser is used when PyYAML was built with it; that makes a 10,000-item
bank compose several times faster than the pure-Python parser.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from itembank.importing.raw_document import Path

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_ParserBase: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _TextLoader(_ParserBase):  # type: ignore[valid-type, misc]
    """A composer whose tag resolution is a constant: every scalar is text.

    The parser calls these three methods for every node; the inherited versions search
    resolver tables that are empty here, and cost a third of the composing time.
    """

    def resolve(self, kind: type[Node], value: object, implicit: object) -> str:
        if kind is ScalarNode:
            return _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def compose_yaml(text: str) -> Node | None:
    """Compose a single-document YAML text; None for a document with no content."""
    loader = _TextLoader(text)
    try:
        root: Node | None = loader.get_single_node()
        return root
    finally:
        loader.dispose()


def line_in_node(root: Node, path: Path) -> int:
    """The 1-based line of the deepest part of `path` found under `root`.

    A mapping entry is located by its key's line, so a missing field is reported where the
    enclosing item or option starts, and a field with a block value where its key is.
    """
    node = root
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, MappingNode) and isinstance(step, str):
            entry = _last_entry(node, step)
            if entry is None:
                break
            key, node = entry
            line = key.start_mark.line + 1
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _last_entry(node: MappingNode, name: str) -> tuple[Node, Node] | None:
    found = None
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == name:
            found = (key, value)
    return found
