"""Where things are in a YAML file: data paths mapped to the file's real line numbers.

A *path* is a tuple of mapping keys and list indices, e.g. ``("recommendations", 1,
"stance")``. :func:`load_with_lines` parses a file once for the data (through
:func:`generator.store.load_yaml`, so duplicate keys and tabs are caught) and once more with
``yaml.compose`` to learn on which line every key and list item starts.
"""

from __future__ import annotations

from typing import Any

import yaml

from .store import _CLoader, _Loader, load_yaml

PathKey = str | int
Path_ = tuple[PathKey, ...]
LineMap = dict[Path_, int]

# Fields that name a list item, in order of preference (``questions[3]``, ``recommendations[r2]``).
ITEM_NAME_KEYS = ("id", "number", "code", "name")


def load_with_lines(text: str, path: str) -> tuple[Any, LineMap]:
    """The data of a YAML text and its path -> 1-based line map.

    Raises :class:`generator.diagnostics.ContentError` (with the line) on a syntax error,
    a duplicate key or a tab used for indentation.
    """
    data = load_yaml(text, path)
    return data, line_map(text)


def line_map(text: str) -> LineMap:
    """The path -> line map of a YAML text that :func:`load_yaml` has already accepted.

    Composed with libyaml when the text has no tab (the same marks as the pure-Python
    parser; a tab makes :func:`load_yaml` use that parser too).
    """
    node = yaml.compose(text, Loader=loader_for(text))  # both are SafeLoaders
    lines: LineMap = {}
    if node is not None:
        _walk(node, (), lines)
    return lines


def loader_for(text: str) -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    """The loader :func:`generator.store.load_yaml` parses ``text`` with: libyaml's, or the
    pure-Python one for a text with a tab (same marks either way)."""
    return _Loader if "\t" in text else _CLoader


def _walk(node: yaml.Node, path: Path_, lines: LineMap) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = _scalar_key(key_node)
            if key is None:
                continue
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


def _scalar_key(node: yaml.Node) -> PathKey | None:
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = str(node.value)
    if node.tag == "tag:yaml.org,2002:int" and value.lstrip("-").isdigit():
        return int(value)
    return value


def line_of(lines: LineMap, path: Path_) -> int | None:
    """Line of ``path``, or of its nearest ancestor that the file has."""
    for end in range(len(path), -1, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


def item_name(item: Any) -> str | None:
    """The name a list item is known by: its id, number, code or name."""
    if isinstance(item, dict):
        for key in ITEM_NAME_KEYS:
            value = item.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return str(value)
    return None


def display_path(data: Any, path: Path_) -> str:
    """``recommendations[r2].stance`` for ``("recommendations", 1, "stance")``."""
    out = ""
    node = data
    for key in path:
        if isinstance(key, int) and isinstance(node, list):
            name = item_name(node[key]) if 0 <= key < len(node) else None
            out += f"[{name if name is not None else key}]"
            node = node[key] if 0 <= key < len(node) else None
        else:
            out += f".{key}" if out else str(key)
            node = node.get(key) if isinstance(node, dict) else None
    return out or "(top)"
